"""The activity list, the calendar, the study overview and the chapter list run the same number
of queries with ten times the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Deltakelse
from aktiviteter.studier.models import Kursdeltaker, Oppmote
from tests.factories import LokallagFactory, MedlemFactory, StudietiltakFactory

pytestmark = pytest.mark.django_db


def grow(org, factor: int) -> None:
    """``factor`` × (activities this month in both chapters and the county, each with named
    participants; a course with sessions and attendance; a chapter with an activity)."""
    today = timezone.localdate()
    first = today.replace(day=1)
    members = [MedlemFactory(lokallag=org.lag_a) for _ in range(3)]
    rows = []
    for i in range(factor * 6):
        unit = (org.lag_a, org.lag_b, org.fylke)[i % 3]
        rows.append(
            Aktivitet(
                type="lokallagsledermote" if unit == org.fylke else "styremote",
                enhet=unit,
                tittel=f"Aktivitet {i}",
                dato=first + datetime.timedelta(days=i % 28)
                if unit != org.fylke
                else first - datetime.timedelta(days=7 * (i + 1)),
                starttid=datetime.time(19, 0),
                sluttid=datetime.time(20, 0),
                status="planlagt",
                vertslag=org.lag_b if unit == org.fylke else None,
            )
        )
    Aktivitet.objects.bulk_create(rows)
    Deltakelse.objects.bulk_create(
        Deltakelse(aktivitet=a, medlem=m)
        for a in Aktivitet.objects.filter(enhet=org.lag_a)
        for m in members
        if not Deltakelse.objects.filter(aktivitet=a, medlem=m).exists()
    )
    for _ in range(factor):
        course = StudietiltakFactory(arrangor=org.lag_a, kursleder=members[0])
        people = [Kursdeltaker.objects.create(studietiltak=course, medlem=m) for m in members]
        for day in range(3):
            session = Aktivitet.objects.create(
                type="studiesamling",
                enhet=org.lag_a,
                studietiltak=course,
                tittel=course.tittel,
                dato=first + datetime.timedelta(days=day),
                starttid=datetime.time(18, 0),
                sluttid=datetime.time(20, 0),
                status="avholdt",
            )
            Oppmote.objects.bulk_create(
                Oppmote(samling=session, deltaker=p, minutter=120) for p in people
            )
        chapter = LokallagFactory(distrikt=org.distrikt_a)
        Aktivitet.objects.create(type="styremote", enhet=chapter, tittel="x", dato=first)


PAGES = [
    ("aktiviteter:list", {}),
    ("aktiviteter:list", {"type": "kategori:mote", "lokallag": "", "fra": "2020-01-01"}),
    ("aktiviteter:calendar", {}),
    ("aktiviteter:course_list", {}),
    ("lokallag:list", {}),
]


def count_queries(client, name, params) -> int:
    client.get(reverse(name), params)  # warm up: session bookkeeping happens on first sight
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("persona", ["board_user", "leader_a"])
def test_query_counts_stay_flat_with_ten_times_the_data(client, org, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    grow(org, 1)
    small = {f"{n} {p}": count_queries(client, n, p) for n, p in PAGES}
    grow(org, 9)
    large = {f"{n} {p}": count_queries(client, n, p) for n, p in PAGES}
    assert Aktivitet.objects.count() >= 10 * 6
    assert large == small


def test_the_chapter_list_is_still_one_query_for_the_chapters(org, board_user):
    from buskerud_sp.core.access import access_for
    from lokallag.selectors import chapters_for_list

    grow(org, 3)
    access_for(board_user)  # resolved once per request, before the page's own queries
    with CaptureQueriesContext(connection) as ctx:
        chapters = list(chapters_for_list(board_user))
    # One for the chapters (with counts and last activity), one for the prefetched leaders.
    assert len(ctx.captured_queries) == 2
    drammen = next(c for c in chapters if c.pk == org.lag_a.pk)
    assert drammen.siste_aktivitet == max(
        Aktivitet.objects.filter(enhet=org.lag_a, dato__lte=timezone.localdate()).values_list(
            "dato", flat=True
        )
    )
