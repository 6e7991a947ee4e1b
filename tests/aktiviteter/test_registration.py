"""Registering activities through the forms, the type-driven fields, and refused bad input."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Deltakelse, Status
from lokallag.models import Rolle
from tests.factories import AktivitetFactory, MedlemFactory, VervFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("aktiviteter:create")


def past(days: int = 3) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def form_data(unit, **overrides) -> dict:
    data = {
        "type": "styremote",
        "enhet": unit.pk,
        "tittel": "Styremøte i mars",
        "dato": past().isoformat(),
        "starttid": "19:00",
        "sluttid": "21:00",
        "status": "avholdt",
        "sted": "Bibliotekets møterom",
        "beskrivelse": "",
    }
    data.update(overrides)
    return data


def test_a_leader_registers_a_board_meeting_with_named_participants(client, org, leader_a):
    anne = MedlemFactory(lokallag=org.lag_a, fornavn="Anne", etternavn="Styremedlem")
    ole = MedlemFactory(lokallag=org.lag_a, fornavn="Ole", etternavn="Styremedlem")
    client.force_login(leader_a)
    response = client.post(CREATE, form_data(org.lag_a, deltakere=[anne.pk, ole.pk]))
    aktivitet = Aktivitet.objects.get()
    assert response.status_code == 302
    assert response["Location"] == aktivitet.get_absolute_url()
    assert (aktivitet.enhet, aktivitet.status, aktivitet.registrert_av) == (
        org.lag_a,
        Status.AVHOLDT,
        leader_a,
    )
    assert set(aktivitet.deltakere.all()) == {anne, ole}


def test_an_empty_title_becomes_the_type(client, org, leader_a):
    client.force_login(leader_a)
    client.post(CREATE, form_data(org.lag_a, tittel=""))
    assert Aktivitet.objects.get().tittel == "Styremøte"


def test_a_leader_cannot_register_for_another_chapter(client, org, leader_a):
    client.force_login(leader_a)
    response = client.post(CREATE, form_data(org.lag_b))
    assert response.status_code == 200
    assert "enhet" in response.context["form"].errors
    assert not Aktivitet.objects.exists()


def test_a_leader_cannot_name_members_of_another_chapter(client, org, leader_a):
    gol_member = MedlemFactory(lokallag=org.lag_b)
    client.force_login(leader_a)
    response = client.post(CREATE, form_data(org.lag_a, deltakere=[gol_member.pk]))
    assert "deltakere" in response.context["form"].errors
    assert not Aktivitet.objects.exists()


def test_county_types_are_not_offered_to_a_chapter_leader(client, org, leader_a):
    client.force_login(leader_a)
    response = client.get(CREATE + "?type=fylkesstyremote")
    assert "form" not in response.context  # the type chooser instead
    types = {value for _label, items in response.context["groups"] for value, _ in items}
    assert "styremote" in types
    assert not types & {"fylkesstyremote", "tirsdagsmote", "lokallagsledermote"}
    client.post(CREATE, form_data(org.lag_a, type="fylkesstyremote"))
    assert not Aktivitet.objects.exists()


def test_the_board_registers_a_county_board_meeting_held_out_in_a_chapter(client, org, board_user):
    client.force_login(board_user)
    data = form_data(
        org.fylke,
        type="fylkesstyremote",
        tittel="Fylkesstyremøte på Gol",
        vertslag=org.lag_b.pk,
        kombinert_med_temamote="on",
    )
    assert client.post(CREATE, data).status_code == 302
    aktivitet = Aktivitet.objects.get()
    assert (aktivitet.enhet, aktivitet.vertslag, aktivitet.kombinert_med_temamote) == (
        org.fylke,
        org.lag_b,
        True,
    )


def test_the_board_cannot_register_for_a_chapter(client, org, board_user):
    client.force_login(board_user)
    client.post(CREATE, form_data(org.lag_a))
    assert not Aktivitet.objects.exists()


def test_the_type_decides_the_fields(client, org, leader_a):
    client.force_login(leader_a)
    board = client.get(CREATE + "?type=styremote").context["form"]
    public = client.get(CREATE + "?type=folkemote").context["form"]
    stand = client.get(CREATE + "?type=stand").context["form"]
    assert "deltakere" in board.fields and "deltakerantall" not in board.fields
    assert "deltakerantall" in public.fields and "deltakere" not in public.fields
    assert {"ansvarlig", "deltakerantall", "deltakere"} <= set(stand.fields)
    assert "vertslag" not in stand.fields


def test_changing_the_type_without_javascript_redraws_the_form_and_keeps_the_text(
    client, org, leader_a
):
    client.force_login(leader_a)
    data = form_data(org.lag_a, type="folkemote", tittel="Folkemøte om skolen", bytt_type="1")
    response = client.post(CREATE, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "deltakerantall" in form.fields
    assert form["tittel"].value() == "Folkemøte om skolen"
    assert not form.errors
    assert not Aktivitet.objects.exists()


def test_the_type_switch_request_returns_only_the_form(client, org, leader_a):
    client.force_login(leader_a)
    response = client.post(
        CREATE, form_data(org.lag_a, type="stand", bytt_type="1"), HTTP_X_AKTIVITET_SKJEMA="1"
    )
    body = response.content.decode()
    assert body.lstrip().startswith("<form")
    assert 'id="aktivitet-skjema"' in body
    assert 'name="ansvarlig"' in body


# --- Bad input: refused with a message at the field, nothing saved -------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"starttid": "20:00", "sluttid": "19:00"}, "sluttid", "Slutt må være etter start."),
        (
            {"type": "folkemote", "deltakerantall": "-5"},
            "deltakerantall",
            "Antallet kan ikke være negativt.",
        ),
        (
            # Days from the day the test runs (not the day it was collected).
            {"dato": datetime.timedelta(days=7)},
            "status",
            "Aktiviteten kan ikke være avholdt når datoen er fram i tid. Velg «Planlagt».",
        ),
    ],
    ids=["end-before-start", "negative-count", "held-in-the-future"],
)
def test_bad_input_is_refused_at_the_field(client, org, leader_a, overrides, field, message):
    overrides = {
        k: (timezone.localdate() + v).isoformat() if isinstance(v, datetime.timedelta) else v
        for k, v in overrides.items()
    }
    client.force_login(leader_a)
    response = client.post(CREATE, form_data(org.lag_a, **overrides))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode().replace("&laquo;", "«").replace("&raquo;", "»")
    assert not Aktivitet.objects.exists()


def test_a_planned_meeting_may_lie_in_the_future(client, org, leader_a):
    client.force_login(leader_a)
    future = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    client.post(CREATE, form_data(org.lag_a, dato=future, status="planlagt"))
    assert Aktivitet.objects.get().status == Status.PLANLAGT


# --- Editing and deleting ------------------------------------------------------------------


def test_a_leader_edits_their_chapters_activity_only(client, org, leader_a, leader_b):
    own = AktivitetFactory(enhet=org.lag_a, dato=past())
    other = AktivitetFactory(enhet=org.lag_b, dato=past())
    client.force_login(leader_a)
    url = reverse("aktiviteter:edit", kwargs={"pk": own.pk})
    response = client.post(url, form_data(org.lag_a, tittel="Nytt navn"))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.tittel == "Nytt navn"
    assert client.get(reverse("aktiviteter:edit", kwargs={"pk": other.pk})).status_code == 404


def test_only_those_who_manage_the_unit_delete(client, org, leader_a, leader_b, board_user):
    aktivitet = AktivitetFactory(enhet=org.lag_b, dato=past())
    url = reverse("aktiviteter:delete", kwargs={"pk": aktivitet.pk})
    for user in (leader_a, board_user):
        client.force_login(user)
        assert client.post(url).status_code == 404
    assert Aktivitet.objects.filter(pk=aktivitet.pk).exists()
    client.force_login(leader_b)
    assert client.post(url).status_code == 302
    assert not Aktivitet.objects.filter(pk=aktivitet.pk).exists()


# --- The count after the meeting: the Tuesday call's host registers it -----------------------


@pytest.fixture
def tuesday_call(org):
    return AktivitetFactory(
        type="tirsdagsmote",
        enhet=org.fylke,
        tittel="Tirsdagsmøte med stortingsrepresentanten",
        dato=past(2),
        status=Status.PLANLAGT,
        vertslag=org.lag_a,
        digitalt=True,
    )


def test_the_host_chapters_leader_registers_the_count_in_one_step(
    client, org, leader_a, tuesday_call
):
    anne = MedlemFactory(lokallag=org.lag_a)
    client.force_login(leader_a)
    url = reverse("aktiviteter:result", kwargs={"pk": tuesday_call.pk})
    response = client.post(url, {"deltakerantall": "31", "deltakere": [anne.pk]})
    assert response.status_code == 302
    tuesday_call.refresh_from_db()
    assert (tuesday_call.status, tuesday_call.deltakerantall) == (Status.AVHOLDT, 31)
    assert Deltakelse.objects.get().medlem == anne


def test_other_leaders_cannot_register_the_count(client, org, leader_b, tuesday_call):
    client.force_login(leader_b)
    url = reverse("aktiviteter:result", kwargs={"pk": tuesday_call.pk})
    assert client.post(url, {"deltakerantall": "31"}).status_code == 404
    # Gol's leader sees the county's Tuesday call, but only the host registers its count.
    assert client.get(tuesday_call.get_absolute_url()).status_code == 200
    tuesday_call.refresh_from_db()
    assert tuesday_call.deltakerantall is None


def test_a_negative_count_is_refused(client, leader_a, tuesday_call):
    client.force_login(leader_a)
    url = reverse("aktiviteter:result", kwargs={"pk": tuesday_call.pk})
    response = client.post(url, {"deltakerantall": "-1"})
    assert response.context["form"].errors["deltakerantall"] == ["Antallet kan ikke være negativt."]
    tuesday_call.refresh_from_db()
    assert (tuesday_call.status, tuesday_call.deltakerantall) == (Status.PLANLAGT, None)


def test_a_call_in_the_future_cannot_get_its_count(client, leader_a, tuesday_call):
    tuesday_call.dato = timezone.localdate() + datetime.timedelta(days=5)
    tuesday_call.save()
    client.force_login(leader_a)
    url = reverse("aktiviteter:result", kwargs={"pk": tuesday_call.pk})
    response = client.post(url, {"deltakerantall": "30"})
    assert response.status_code == 200
    tuesday_call.refresh_from_db()
    assert tuesday_call.status == Status.PLANLAGT


# --- Picking members by name ----------------------------------------------------------------


def test_the_name_search_finds_only_members_the_user_may_see(client, org, leader_a):
    MedlemFactory(lokallag=org.lag_a, fornavn="Sigrid", etternavn="Drammensdal")
    MedlemFactory(lokallag=org.lag_b, fornavn="Sigrid", etternavn="Goldal")
    client.force_login(leader_a)
    url = reverse("aktiviteter:member_search")
    names = [r["navn"] for r in client.get(url, {"q": "sigrid"}).json()["results"]]
    assert names == ["Sigrid Drammensdal"]
    assert client.get(url, {"q": "s"}).json() == {"results": []}


def test_the_name_search_is_closed_to_those_who_register_nothing(client, member_user):
    client.force_login(member_user)
    assert client.get(reverse("aktiviteter:member_search"), {"q": "sigrid"}).status_code == 404


def test_a_chapter_officer_other_than_the_leader_registers_too(client, org):
    from tests.conftest import _person

    user, medlem = _person("sekretaer@test.no", org.lag_a)
    VervFactory(medlem=medlem, enhet=org.lag_a, rolle=Rolle.SEKRETAER)
    client.force_login(user)
    assert client.post(CREATE, form_data(org.lag_a)).status_code == 302
