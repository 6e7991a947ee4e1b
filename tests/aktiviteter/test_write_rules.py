"""The rules a page uses to hide a form or a button hold in the service that writes: a crafted
POST, or a caller that skips the form, meets the same refusal with the same Norwegian reason."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from aktiviteter.aktivitet.models import Aktivitet, Status
from aktiviteter.aktivitet.services import aktivitet_registrer_resultat
from aktiviteter.datoplan.models import Datoplan, Datoplanpunkt
from aktiviteter.datoplan.services import (
    datoplanpunkt_avlys,
    datoplanpunkt_lagre,
    datoplanpunkt_marker_avholdt,
)
from tests.factories import AktivitetFactory, MedlemFactory, SamlingFactory

from .rhythm import at

pytestmark = pytest.mark.django_db
D = datetime.date
CANCELLED = "Aktiviteten er avlyst og kan ikke markeres som avholdt."


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(at(2026, 3, 12, 12, 0), tick=False):
        yield


@pytest.fixture
def cancelled_call(org):
    return AktivitetFactory(
        type="tirsdagsmote",
        enhet=org.fylke,
        tittel="Tirsdagsmøte med stortingsrepresentanten",
        dato=D(2026, 3, 10),
        status=Status.AVLYST,
        vertslag=org.lag_a,
        digitalt=True,
    )


def test_the_host_cannot_mark_a_cancelled_call_held_by_a_crafted_post(
    client, org, leader_a, cancelled_call
):
    anne = MedlemFactory(lokallag=org.lag_a)
    client.force_login(leader_a)
    detail = client.get(cancelled_call.get_absolute_url()).content.decode()
    assert reverse("aktiviteter:result", kwargs={"pk": cancelled_call.pk}) not in detail

    url = reverse("aktiviteter:result", kwargs={"pk": cancelled_call.pk})
    response = client.post(url, {"deltakerantall": "12", "deltakere": [anne.pk]})

    assert response.status_code == 200
    assert CANCELLED in response.content.decode()
    cancelled_call.refresh_from_db()
    assert (cancelled_call.status, cancelled_call.deltakerantall) == (Status.AVLYST, None)
    assert not cancelled_call.deltakelser.exists()


def test_the_result_page_of_a_cancelled_call_says_why_instead_of_a_form(
    client, leader_a, cancelled_call
):
    client.force_login(leader_a)
    page = client.get(reverse("aktiviteter:result", kwargs={"pk": cancelled_call.pk}))
    html = page.content.decode()
    assert CANCELLED in html and 'name="deltakerantall"' not in html


def test_the_service_refuses_a_cancelled_call_even_from_a_stale_copy(leader_a, cancelled_call):
    stale = Aktivitet.objects.get(pk=cancelled_call.pk)
    stale.status = Status.PLANLAGT  # as read before somebody cancelled it
    with pytest.raises(ValidationError) as exc:
        aktivitet_registrer_resultat(
            aktivitet=stale, bruker=leader_a, deltakerantall=12, deltakere=[]
        )
    assert CANCELLED in exc.value.messages[0]
    cancelled_call.refresh_from_db()
    assert (cancelled_call.status, cancelled_call.deltakerantall) == (Status.AVLYST, None)


def test_the_service_refuses_a_call_in_the_future(org, leader_a):
    call = AktivitetFactory(
        type="tirsdagsmote",
        enhet=org.fylke,
        dato=D(2026, 3, 17),
        status=Status.PLANLAGT,
        vertslag=org.lag_a,
    )
    with pytest.raises(ValidationError) as exc:
        aktivitet_registrer_resultat(aktivitet=call, bruker=leader_a, deltakerantall=30)
    assert exc.value.messages == ["Møtet er ikke holdt ennå: antallet registreres etter møtet."]
    call.refresh_from_db()
    assert (call.status, call.deltakerantall) == (Status.PLANLAGT, None)


def test_a_study_session_is_not_given_a_result_outside_its_course(client, org, leader_a):
    session = SamlingFactory(
        enhet=org.lag_a, studietiltak__arrangor=org.lag_a, dato=D(2026, 3, 10), status="planlagt"
    )
    with pytest.raises(ValidationError) as exc:
        aktivitet_registrer_resultat(aktivitet=session, bruker=leader_a, deltakerantall=8)
    assert exc.value.messages == ["En studiesamling registreres på kurset sitt, ikke her."]
    client.force_login(leader_a)
    url = reverse("aktiviteter:result", kwargs={"pk": session.pk})
    assert client.post(url, {"deltakerantall": "8"}).status_code == 200
    session.refresh_from_db()
    assert (session.status, session.deltakerantall) == ("planlagt", None)


# --- The date plan: «Marker avholdt» and «Avlys» are offered on planned items only ----------


@pytest.fixture
def punkt(org, admin_user):
    return datoplanpunkt_lagre(
        punkt=Datoplanpunkt(
            plan=Datoplan(aar=2026), tittel="Oppstart", fra_dato=D(2026, 2, 2), type="annet"
        ),
        bruker=admin_user,
    )


def test_a_cancelled_plan_item_cannot_be_marked_held(client, punkt, admin_user):
    datoplanpunkt_avlys(punkt=punkt, bruker=admin_user)
    with pytest.raises(ValidationError):
        datoplanpunkt_marker_avholdt(punkt=punkt, bruker=admin_user)
    client.force_login(admin_user)
    response = client.post(f"/datoplan/{punkt.pk}/avholdt/", {"aktivitet": ""})
    assert response.status_code == 200
    assert "Punktet er ikke planlagt lenger." in response.content.decode()
    assert Datoplanpunkt.objects.get(pk=punkt.pk).status == Status.AVLYST


def test_a_held_plan_item_cannot_be_cancelled(client, punkt, admin_user):
    datoplanpunkt_marker_avholdt(punkt=punkt, bruker=admin_user)
    versions = punkt.plan.versjoner.count()
    client.force_login(admin_user)
    response = client.post(f"/datoplan/{punkt.pk}/avlys/", follow=True)
    assert "Punktet er ikke planlagt lenger." in response.content.decode()
    assert Datoplanpunkt.objects.get(pk=punkt.pk).status == Status.AVHOLDT
    assert punkt.plan.versjoner.count() == versions
