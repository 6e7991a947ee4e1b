"""The officer marks an activity for the public calendar in the registration form: only the
types open to the public offer it, the open-by-nature types come ticked, and the activity's
page says that it shows and links to its public page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aktiviteter.aktivitet.models import Aktivitet
from tests.factories import AktivitetFactory

pytestmark = pytest.mark.django_db

CREATE = reverse("aktiviteter:create")


def form_data(unit, **overrides) -> dict:
    data = {
        "type": "folkemote",
        "enhet": unit.pk,
        "tittel": "Folkemøte om skolen",
        "dato": "2027-08-20",
        "starttid": "19:00",
        "sluttid": "21:00",
        "status": "planlagt",
        "sted": "Samfunnshuset",
        "beskrivelse": "Åpent for alle.",
    }
    data.update(overrides)
    return data


def checkbox(text: str) -> str:
    start = text.index('name="offentlig"')
    return text[text.rindex("<input", 0, start) : text.index(">", start)]


@pytest.mark.parametrize(
    "type,shown,ticked",
    [
        ("folkemote", True, True),
        ("stand", True, True),
        ("medlemsmote", True, False),
        ("temamote", True, False),
        ("styremote", False, False),
        ("dor_til_dor", False, False),
    ],
)
def test_the_form_offers_the_public_calendar_for_open_types(
    client, org, leader_a, clock, type, shown, ticked
):
    client.force_login(leader_a)
    text = client.get(CREATE, {"type": type}).content.decode()
    assert ('name="offentlig"' in text) is shown
    assert ('name="kontaktperson"' in text) is shown
    if shown:
        assert ("checked" in checkbox(text)) is ticked
        assert "Vis i den offentlige kalenderen" in text


def test_a_public_event_is_saved_with_its_contact_and_links_to_its_public_page(
    client, org, leader_a, clock
):
    client.force_login(leader_a)
    response = client.post(
        CREATE,
        form_data(org.lag_a, offentlig="on", kontaktperson="Kari Kontakt", kontakt="900 00 000"),
    )
    assert response.status_code == 302
    saved = Aktivitet.objects.get(tittel="Folkemøte om skolen")
    assert (saved.offentlig, saved.kontaktperson, saved.kontakt) == (
        True,
        "Kari Kontakt",
        "900 00 000",
    )
    text = client.get(saved.get_absolute_url()).content.decode()
    assert "Vises offentlig" in text
    assert reverse("arrangementer:detail", args=[saved.pk]) in text
    client.logout()
    assert (
        "Kari Kontakt"
        in client.get(reverse("arrangementer:detail", args=[saved.pk])).content.decode()
    )


def test_unticked_it_stays_internal(client, org, leader_a, clock):
    client.force_login(leader_a)
    client.post(CREATE, form_data(org.lag_a, type="medlemsmote", tittel="Medlemsmøte"))
    saved = Aktivitet.objects.get(tittel="Medlemsmøte")
    assert saved.offentlig is False
    assert "Vises offentlig" not in client.get(saved.get_absolute_url()).content.decode()
    client.logout()
    assert client.get(reverse("arrangementer:detail", args=[saved.pk])).status_code == 404


def test_a_crafted_post_cannot_make_an_internal_type_public(client, org, leader_a, clock):
    client.force_login(leader_a)
    client.post(CREATE, form_data(org.lag_a, type="styremote", tittel="Styremøte", offentlig="on"))
    assert Aktivitet.objects.get(tittel="Styremøte").offentlig is False


def test_changing_to_an_internal_type_takes_it_off_the_public_calendar(
    client, org, leader_a, clock
):
    event = AktivitetFactory(
        type="medlemsmote",
        enhet=org.lag_a,
        tittel="Medlemsmøte",
        dato=datetime.date(2027, 8, 20),
        status="planlagt",
        offentlig=True,
    )
    client.force_login(leader_a)
    response = client.post(
        reverse("aktiviteter:edit", args=[event.pk]),
        form_data(org.lag_a, type="styremote", tittel="Styremøte"),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.type, event.offentlig) == ("styremote", False)


def test_the_model_refuses_a_non_public_type_marked_public_at_the_field(org):
    aktivitet = Aktivitet(
        type="styremote",
        enhet=org.lag_a,
        tittel="Styremøte",
        dato=datetime.date(2027, 8, 20),
        offentlig=True,
    )
    with pytest.raises(ValidationError) as error:
        aktivitet.full_clean()
    assert "ikke åpen for alle" in str(error.value.message_dict["offentlig"])
