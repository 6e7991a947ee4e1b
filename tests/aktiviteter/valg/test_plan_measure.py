"""Measuring the campaign plan: held activities of the goal's type from the campaign start to
the deadline (both days counted), own and co-hosted, planned ones beside; the states reached,
on track, behind (pro rata) and deadline passed; a fixed number of queries however many
chapters and goals."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aktiviteter.aktivitet.models import Aktivitetstype, Status
from aktiviteter.valg.models import Maalart, Valgkampmaal
from aktiviteter.valg.selectors.plan import ETTER, I_RUTE, NAADD, PASSERT, maalstatus_for
from lokallag.oppfolging.models import Medvert
from tests.factories import AktivitetFactory, LokallagFactory

from .conftest import KAMPANJESTART, D, maal

pytestmark = pytest.mark.django_db
T = Aktivitetstype


def stand(lokallag, dato, status=Status.AVHOLDT, type=T.STAND):
    return AktivitetFactory(enhet=lokallag, dato=dato, status=status, type=type)


def _one(goal, today):
    (status,) = maalstatus_for(Valgkampmaal.objects.filter(pk=goal.pk), today)
    return status


def test_held_activities_count_from_the_campaign_start_to_the_deadline(valg, org):
    goal = maal(valg, org.lag_a, Maalart.STAND, 10, 14)  # deadline 30 August 2027
    assert goal.frist == D(2027, 8, 30)
    stand(org.lag_a, KAMPANJESTART - datetime.timedelta(days=1))  # before the campaign
    stand(org.lag_a, KAMPANJESTART)  # its first day counts
    stand(org.lag_a, D(2027, 8, 30))  # the deadline day counts
    stand(org.lag_a, D(2027, 8, 31))  # after the deadline
    stand(org.lag_a, D(2027, 5, 2), type=T.VALGTORG)  # another kind
    stand(org.lag_a, D(2027, 5, 3), status=Status.AVLYST)
    stand(org.lag_b, D(2027, 5, 4))  # another chapter's
    stand(org.lag_a, D(2027, 7, 1), status=Status.PLANLAGT)
    stand(org.lag_a, D(2027, 9, 1), status=Status.PLANLAGT)  # after the deadline
    cohosted = stand(org.lag_b, D(2027, 6, 1))
    Medvert.objects.create(aktivitet=cohosted, lokallag=org.lag_a)
    status = _one(goal, D(2027, 9, 5))
    assert (status.gjort, status.planlagt) == (3, 1)
    # The co-host and the host both count it.
    gol = maal(valg, org.lag_b, Maalart.STAND, 2, 14)
    assert _one(gol, D(2027, 9, 5)).gjort == 2


def test_social_media_counts_what_the_chapter_reported(valg, org):
    goal = maal(valg, org.lag_a, Maalart.SOSIALE_MEDIER, 20, 0)
    assert _one(goal, D(2027, 6, 1)).gjort == 0
    Valgkampmaal.objects.filter(pk=goal.pk).update(rapportert=20)
    assert _one(goal, D(2027, 6, 1)).status == NAADD


def test_the_states_pro_rata_and_at_the_deadline(valg, org):
    # 1 March to 30 August: 182 days; 4 stands.
    goal = maal(valg, org.lag_a, Maalart.STAND, 4, 14)
    assert _one(goal, KAMPANJESTART).status == I_RUTE
    # A quarter of the time gone: one stand expected.
    day = KAMPANJESTART + datetime.timedelta(days=46)
    assert _one(goal, day).forventet == 1 and _one(goal, day).status == ETTER
    assert _one(goal, day - datetime.timedelta(days=1)).status == I_RUTE
    stand(org.lag_a, D(2027, 3, 10))
    assert _one(goal, day).status == I_RUTE
    # The deadline day itself: behind, not yet passed; the day after: passed.
    assert _one(goal, D(2027, 8, 30)).status == ETTER
    assert _one(goal, D(2027, 8, 31)).status == PASSERT
    for d in (D(2027, 4, 1), D(2027, 5, 1), D(2027, 6, 1)):
        stand(org.lag_a, d)
    assert _one(goal, D(2027, 8, 31)).status == NAADD


def test_a_single_goal_is_behind_only_at_its_deadline(valg, org):
    goal = maal(valg, org.lag_a, Maalart.LOKALMEDIA, 1, 30)
    assert _one(goal, goal.frist - datetime.timedelta(days=1)).status == I_RUTE
    assert _one(goal, goal.frist).status == ETTER


def _grow(valg, org, n):
    for i in range(n):
        chapter = LokallagFactory(distrikt=org.distrikt_a)
        for art, days in ((Maalart.STAND, 14), (Maalart.VALGTORG, 30), (Maalart.SOSIALE_MEDIER, 0)):
            maal(valg, chapter, art, 3, days)
        stand(chapter, D(2027, 4, 1 + i % 20))
        stand(chapter, D(2027, 4, 1), type=T.VALGTORG, status=Status.PLANLAGT)


def test_the_measurement_takes_three_queries_for_any_number_of_chapters(
    valg, org, django_assert_num_queries
):
    _grow(valg, org, 2)
    with django_assert_num_queries(3):
        small = maalstatus_for(Valgkampmaal.objects.all(), D(2027, 6, 15))
    _grow(valg, org, 20)
    with django_assert_num_queries(3):
        large = maalstatus_for(Valgkampmaal.objects.all(), D(2027, 6, 15))
    assert len(large) == len(small) + 60
    assert all(s.gjort == 1 for s in large if s.maal.art == Maalart.STAND)


def _count(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["admin_user", "board_user", "fylkesutvalg"])
def test_the_pages_query_count_does_not_grow_with_chapters(
    persona, request, valg, org, client, clock
):
    client.force_login(request.getfixturevalue(persona))
    _grow(valg, org, 2)
    urls = [f"/valg/{valg.pk}/", f"/valg/{valg.pk}/plan/", f"/valg/{valg.pk}/lag/drammen/"]
    small = {url: _count(client, url) for url in urls}
    _grow(valg, org, 20)
    large = {url: _count(client, url) for url in urls}
    assert large == small


def test_the_chapter_page_shows_each_goal_with_done_planned_and_deadline(
    valg, org, leader_a, client, clock
):
    maal(valg, org.lag_a, Maalart.STAND, 4, 14)
    stand(org.lag_a, D(2027, 3, 5))
    stand(org.lag_a, D(2027, 7, 5), status=Status.PLANLAGT)
    client.force_login(leader_a)
    page = client.get(f"/valg/{valg.pk}/lag/drammen/").content.decode()
    assert "Stand" in page and "30. august 2027" in page
    assert '<dd>1 <span class="meta">/ 4</span></dd>' in page
    assert "<dt>Planlagt</dt><dd>1</dd>" in page
    assert "Ligger etter" in page  # 1 of 4 with more than half the time gone
