"""The demo year of activities, and the activities on the chapter pages."""

import datetime

import pytest
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Status
from aktiviteter.studier.models import Studietiltak
from buskerud_sp.demodata import load_all
from lokallag.models import Lokallag
from tests.factories import AktivitetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_org):
    return demo_org


def test_the_demo_has_a_living_year(demo):
    today = timezone.localdate()
    held = Aktivitet.objects.filter(status=Status.AVHOLDT)
    assert set(Aktivitet.objects.values_list("type", flat=True)) == set(Aktivitetstype.values)
    for chapter in Lokallag.objects.lokallag():
        assert held.filter(enhet=chapter).exists(), chapter
    tuesdays = held.filter(type=Aktivitetstype.TIRSDAGSMOTE)
    assert tuesdays.count() >= 40
    assert 25 <= tuesdays.aggregate(avg=Avg("deltakerantall"))["avg"] <= 35
    weekly = Aktivitet.objects.filter(
        type=Aktivitetstype.TIRSDAGSMOTE, dato__gt=today - datetime.timedelta(days=300)
    )
    assert weekly.count() >= 300 // 7
    assert Aktivitet.objects.filter(
        type=Aktivitetstype.TIRSDAGSMOTE, dato__gt=today, status=Status.PLANLAGT
    ).exists()
    half_year_away = Aktivitet.objects.filter(
        type=Aktivitetstype.FYLKESSTYREMOTE, vertslag__isnull=False, kombinert_med_temamote=True
    )
    assert half_year_away.count() >= 2


def test_the_demo_has_courses_that_qualify_and_some_that_do_not(demo):
    verdicts = {c.tittel: c.vurdering() for c in Studietiltak.objects.med_vurderingsgrunnlag()}
    assert sum(v.godkjent for v in verdicts.values()) >= 2
    reasons = " ".join(r for v in verdicts.values() for r in v.grunner)
    assert "minst 4 kreves (én kurstime" in reasons
    assert "fysiske samlinger" in reasons
    assert "75 % av timene; minst 4 kreves" in reasons


def test_loading_the_demo_twice_doubles_nothing(demo):
    counts = (Aktivitet.objects.count(), Studietiltak.objects.count())
    load_all(password="demo-passord-2024")
    assert (Aktivitet.objects.count(), Studietiltak.objects.count()) == counts
    assert not (
        Aktivitet.objects.values("enhet", "type", "dato", "tittel")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .exists()
    )


def test_the_chapter_list_shows_the_last_activity(client, org, board_user):
    today = timezone.localdate()
    AktivitetFactory(enhet=org.lag_a, dato=today - datetime.timedelta(days=40))
    AktivitetFactory(enhet=org.lag_a, dato=today - datetime.timedelta(days=4))
    AktivitetFactory(enhet=org.lag_a, dato=today - datetime.timedelta(days=1), status="avlyst")
    AktivitetFactory(enhet=org.lag_a, dato=today + datetime.timedelta(days=9), status="planlagt")
    client.force_login(board_user)
    chapters = [
        c for _, group in client.get(reverse("lokallag:list")).context["groups"] for c in group
    ]
    by_slug = {c.slug: c.siste_aktivitet for c in chapters}
    assert by_slug == {"drammen": today - datetime.timedelta(days=4), "gol": None}


def test_the_chapter_page_shows_recent_activities_to_those_who_see_them(
    client, org, leader_a, member_user
):
    AktivitetFactory(enhet=org.lag_a, tittel="Medlemsmøte om jordvern", dato=timezone.localdate())
    client.force_login(leader_a)
    url = reverse("lokallag:detail", kwargs={"slug": "drammen"})
    assert "Medlemsmøte om jordvern" in client.get(url).content.decode()
    client.force_login(member_user)
    body = client.get(url).content.decode()
    assert "Siste aktiviteter" not in body and "Medlemsmøte om jordvern" not in body
