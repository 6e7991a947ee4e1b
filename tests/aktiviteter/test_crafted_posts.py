"""Every write endpoint of the activity pages, posted to by someone the page offers no form:
another chapter's leader and a plain member. Each answer is a refusal (404, or the user's own form
shown again with the reason) and nothing in the database changes."""

import datetime

import pytest
import time_machine
from django.core import serializers
from django.urls import reverse

from aktiviteter.datoplan.models import Datoplan, Datoplanpunkt
from tests.factories import (
    AktivitetFactory,
    KursdeltakerFactory,
    MedieoppslagFactory,
    MedlemFactory,
    SamlingFactory,
    StudietiltakFactory,
)

pytestmark = pytest.mark.django_db


def _snapshot() -> str:
    from django.apps import apps

    models = [
        m
        for label in ("aktiviteter", "lokallag", "medlemmer")
        for m in apps.get_app_config(label).get_models()
    ]
    return "".join(serializers.serialize("json", m.objects.order_by("pk")) for m in models)


@pytest.fixture
def targets(org, leader_a, admin_user):
    with time_machine.travel(datetime.datetime(2026, 3, 12, 12, 0), tick=False):
        aktivitet = AktivitetFactory(
            enhet=org.lag_a, status="planlagt", dato=datetime.date(2026, 3, 20)
        )
        course = StudietiltakFactory(arrangor=org.lag_a)
        KursdeltakerFactory(studietiltak=course)
        session = SamlingFactory(studietiltak=course)
        media = MedieoppslagFactory(lokallag=org.lag_a)
        plan = Datoplan.objects.create(aar=2026)
        punkt = Datoplanpunkt.objects.create(
            plan=plan, tittel="Oppstart", fra_dato=datetime.date(2026, 4, 2), type="annet"
        )
        stranger = MedlemFactory(lokallag=org.lag_a, fornavn="Astrid", etternavn="Aa")
    lag_a, pk = org.lag_a, aktivitet.pk
    payload = {
        "tittel": "Hacket",
        "type": "styremote",
        "enhet": lag_a.pk,
        "dato": "2026-03-21",
        "starttid": "19:00",
        "sluttid": "21:00",
        "status": "avholdt",
        "deltakerantall": "99",
        "deltakere": [stranger.pk],
        "medlem": stranger.pk,
        "rolle": "gjest",
        "lokallag": lag_a.pk,
        "arrangor": lag_a.pk,
        "kursleder": stranger.pk,
        "studieplan": "gronne_hjulet",
        "navn": "Hacket",
        "fra_dato": "2026-04-03",
        "medium": "Hacket",
        "bekreft": "on",
        "aktivitet": pk,
    }
    urls = [
        reverse("aktiviteter:create"),
        reverse("aktiviteter:edit", args=[pk]),
        reverse("aktiviteter:result", args=[pk]),
        reverse("aktiviteter:delete", args=[pk]),
        reverse("aktiviteter:visit_add", args=[pk]),
        reverse("aktiviteter:cohosts", args=[pk]),
        reverse("aktiviteter:tour_plan"),
        reverse("aktiviteter:media_create"),
        reverse("aktiviteter:media_edit", args=[media.pk]),
        reverse("aktiviteter:media_delete", args=[media.pk]),
        reverse("aktiviteter:course_create"),
        reverse("aktiviteter:course_edit", args=[course.pk]),
        reverse("aktiviteter:participant_add", args=[course.pk]),
        reverse("aktiviteter:session_create", args=[course.pk]),
        reverse("aktiviteter:session_edit", args=[course.pk, session.pk]),
        reverse("aktiviteter:group_create"),
        reverse("datoplan:create"),
        reverse("datoplan:edit", args=[punkt.pk]),
        reverse("datoplan:cancel", args=[punkt.pk]),
        reverse("datoplan:reopen", args=[punkt.pk]),
        reverse("datoplan:held", args=[punkt.pk]),
        reverse("datoplan:publish"),
        reverse("datoplan:rules"),
        reverse("dashbord:maal_create"),
        reverse("dashbord:maal_defaults"),
    ]
    return urls, payload


@pytest.mark.parametrize("who", ["leader_b", "member"])
def test_crafted_posts_to_every_activity_write_endpoint_change_nothing(
    client, personas, targets, who
):
    urls, payload = targets
    client.force_login(personas[who])
    before = _snapshot()
    for url in urls:
        response = client.post(url, payload)
        # 200: a page the user has for their own chapter, shown again with the refusal.
        assert response.status_code in {200, 302, 403, 404, 405}, (url, response.status_code)
        assert _snapshot() == before, url


def test_the_same_posts_do_change_data_for_the_chapters_own_leader(client, personas, targets):
    """Negative control: the payload is good enough to write, so the refusals above are the
    rules' doing and not a malformed request's."""
    urls, payload = targets
    client.force_login(personas["leader_a"])
    changed = []
    for url in urls:
        before = _snapshot()
        client.post(url, payload)
        if _snapshot() != before:
            changed.append(url)
    assert len(changed) >= 5, changed
