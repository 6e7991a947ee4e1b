"""What waits for a leader (aktiviteter/gjoremal.py): the Tuesday call their chapter hosted and
whose count is missing, a course session without attendance, an activity past its day not
marked held; first on the chapter page (a leader's start page) with one tap to the form, and
offered on «Registrer aktivitet»."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from aktiviteter.aktivitet.models import Status
from aktiviteter.gjoremal import Kind, gjoremal_for
from aktiviteter.studier.models import Oppmote
from tests.factories import (
    AktivitetFactory,
    KursdeltakerFactory,
    SamlingFactory,
    StudietiltakFactory,
)
from tests.test_query_counts import count_queries

pytestmark = pytest.mark.django_db

# Wednesday 11 March 2026, noon; the call was on Tuesday the 10th, 19:30-20:30.
NOW = datetime.datetime(2026, 3, 11, 12, 0, tzinfo=timezone.get_default_timezone())
TUESDAY = datetime.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def call(org, host, dato=TUESDAY, **kwargs):
    return AktivitetFactory(
        type="tirsdagsmote",
        enhet=org.fylke,
        tittel="Tirsdagsmøte med stortingsrepresentanten",
        dato=dato,
        starttid=datetime.time(19, 30),
        sluttid=datetime.time(20, 30),
        vertslag=host,
        digitalt=True,
        **{"status": Status.PLANLAGT, **kwargs},
    )


def test_the_hosted_call_without_a_count_waits_for_its_hosts_leader_only(org, leader_a, leader_b):
    waiting = call(org, org.lag_a)
    call(org, org.lag_a, dato=TUESDAY + datetime.timedelta(weeks=1))  # not held yet
    call(org, org.lag_a, dato=TUESDAY - datetime.timedelta(weeks=1), status=Status.AVHOLDT)
    call(org, org.lag_b, dato=TUESDAY - datetime.timedelta(weeks=2))  # Gol's
    items = gjoremal_for(leader_a)
    assert [(i.kind, i.aktivitet) for i in items] == [(Kind.COUNT, waiting)]
    assert items[0].url == f"/aktiviteter/{waiting.pk}/gjennomfort/"
    assert [i.aktivitet.vertslag for i in gjoremal_for(leader_b)] == [org.lag_b]


def test_todays_call_waits_only_once_it_has_ended(org, leader_a):
    call(org, org.lag_a, dato=TUESDAY)
    evening = datetime.datetime(2026, 3, 10, 20, 0, tzinfo=timezone.get_default_timezone())
    assert gjoremal_for(leader_a, now=evening) == []
    later = evening + datetime.timedelta(minutes=31)
    assert [i.kind for i in gjoremal_for(leader_a, now=later)] == [Kind.COUNT]


def test_sessions_without_attendance_and_activities_not_marked_held(org, leader_a, leader_b):
    course = StudietiltakFactory(arrangor=org.lag_a, tittel="Det grønne hjulet")
    empty = SamlingFactory(studietiltak=course, dato=TUESDAY)
    SamlingFactory(studietiltak=course, dato=TUESDAY, status=Status.AVLYST)
    past = AktivitetFactory(enhet=org.lag_a, dato=TUESDAY, status=Status.PLANLAGT)
    AktivitetFactory(enhet=org.lag_a, dato=NOW.date(), status=Status.PLANLAGT)  # today: not yet
    AktivitetFactory(enhet=org.lag_a, dato=TUESDAY)  # held
    items = gjoremal_for(leader_a)
    assert [(i.kind, i.aktivitet) for i in items] == [
        (Kind.ATTENDANCE, empty),
        (Kind.HELD, past),
    ]
    assert items[0].url == f"/aktiviteter/studier/{course.pk}/samling/{empty.pk}/"
    assert gjoremal_for(leader_b) == []


def test_the_chapter_page_shows_it_first_and_the_count_form_returns_there(client, org, leader_a):
    waiting = call(org, org.lag_a)
    client.force_login(leader_a)
    response = client.get("/", follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/lokallag/drammen/"
    todo = html.index('id="gjoremal"')
    assert todo < html.index('id="styret"')
    assert "Antall på tirsdagsmøtet tirsdag 10. mars" in html
    url = f"/aktiviteter/{waiting.pk}/gjennomfort/?neste=%2Flokallag%2Fdrammen%2F"
    assert f'href="{url}"' in html
    response = client.post(url, {"deltakerantall": 31})
    assert response.url == "/lokallag/drammen/"
    waiting.refresh_from_db()
    assert (waiting.status, waiting.deltakerantall) == (Status.AVHOLDT, 31)
    assert 'id="gjoremal"' not in client.get("/lokallag/drammen/").content.decode()


def test_the_count_form_returns_only_to_our_own_pages(client, org, leader_a):
    waiting = call(org, org.lag_a)
    client.force_login(leader_a)
    url = f"/aktiviteter/{waiting.pk}/gjennomfort/?neste=https://evil.example/"
    assert client.post(url, {"deltakerantall": 3}).url == "/aktiviteter/"


def test_register_activity_offers_the_count_that_is_due(client, org, leader_a, leader_b):
    waiting = call(org, org.lag_a)
    client.force_login(leader_a)
    html = client.get("/aktiviteter/ny/").content.decode()
    assert "Antall på tirsdagsmøtet 10. mars" in html
    assert f'href="/aktiviteter/{waiting.pk}/gjennomfort/"' in html
    client.force_login(leader_b)
    assert "Antall på tirsdagsmøtet" not in client.get("/aktiviteter/ny/").content.decode()


def test_the_list_costs_the_same_queries_with_ten_times_the_waiting_items(client, org, leader_a):
    client.force_login(leader_a)
    course = StudietiltakFactory(arrangor=org.lag_a)

    def add(n: int, offset: int) -> None:
        for i in range(n):
            call(org, org.lag_a, dato=TUESDAY - datetime.timedelta(weeks=offset + i))
            SamlingFactory(studietiltak=course, dato=TUESDAY - datetime.timedelta(days=offset + i))
            AktivitetFactory(enhet=org.lag_a, dato=TUESDAY, status=Status.PLANLAGT)

    add(1, 0)
    small = count_queries(client, "/lokallag/drammen/")
    add(10, 1)
    assert count_queries(client, "/lokallag/drammen/") == small


def test_the_chapter_page_drops_what_was_resolved_since_it_was_kept(client, org, leader_a):
    """The sessions and activities waiting are kept per data version on the chapter page
    (aktiviteter.gjoremal): attendance registered or an activity marked held is a change,
    and the next view no longer offers it."""
    course = StudietiltakFactory(arrangor=org.lag_a, tittel="Det grønne hjulet")
    session = SamlingFactory(studietiltak=course, dato=TUESDAY)
    past = AktivitetFactory(enhet=org.lag_a, dato=TUESDAY, status=Status.PLANLAGT)
    session_url = f"/aktiviteter/studier/{course.pk}/samling/{session.pk}/"
    past_url = f"/aktiviteter/{past.pk}/gjennomfort/"
    client.force_login(leader_a)
    for _ in range(2):  # the second view reads what the first kept
        html = client.get("/lokallag/drammen/").content.decode()
        assert session_url in html
        assert past_url in html
    Oppmote.objects.create(
        samling=session, deltaker=KursdeltakerFactory(studietiltak=course), minutter=90
    )
    html = client.get("/lokallag/drammen/").content.decode()
    assert session_url not in html
    assert past_url in html
    past.status = Status.AVHOLDT
    past.save()
    assert 'id="gjoremal"' not in client.get("/lokallag/drammen/").content.decode()


def test_todays_call_shows_on_the_chapter_page_once_it_has_ended_without_a_change(
    client, org, leader_a
):
    """The calls up to today are kept per data version; whether today's has ended is decided
    at each view, so it appears when it ends, with no change to the data in between."""
    today_call = call(org, org.lag_a, dato=TUESDAY)
    url = f"/aktiviteter/{today_call.pk}/gjennomfort/"
    client.force_login(leader_a)
    tz = timezone.get_default_timezone()
    with time_machine.travel(datetime.datetime(2026, 3, 10, 20, 0, tzinfo=tz), tick=False):
        assert url not in client.get("/lokallag/drammen/").content.decode()
    with time_machine.travel(datetime.datetime(2026, 3, 10, 20, 31, tzinfo=tz), tick=False):
        assert url in client.get("/lokallag/drammen/").content.decode()
