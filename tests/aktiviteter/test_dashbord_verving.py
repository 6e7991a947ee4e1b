"""The recruiting drive on the dashboard: the target, the members recruited so far and the top
recruiters by name; a chapter's dashboard counts and names only the chapter's recruits; a fixed
number of queries."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from aktiviteter.dashbord.verving import vervekampanjer
from medlemmer.models import Vervekampanje
from tests.aktiviteter.rhythm import at
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(at(2026, 11, 30, 12, 0), tick=True):
        yield


@pytest.fixture
def drive(org):
    """«Verv 50» (county, target 50, 1 Sep–31 Dec 2026): Vera (Gol) recruited three, Otto
    (Drammen) one; one member registered on the drive without a recruiter; members outside it."""
    k = Vervekampanje.objects.create(
        navn="Verv 50", fra_dato=D(2026, 9, 1), til_dato=D(2026, 12, 31), maal=50
    )
    Vervekampanje.objects.create(  # over: not shown
        navn="Vårkampanjen", fra_dato=D(2026, 3, 1), til_dato=D(2026, 5, 31), maal=10
    )
    vera = MedlemFactory(lokallag=org.lag_b, fornavn="Vera", etternavn="Verversen")
    otto = MedlemFactory(lokallag=org.lag_a, fornavn="Otto", etternavn="Olsen")
    for i in range(2):
        MedlemFactory(lokallag=org.lag_b, vervet_av=vera, innmeldt=D(2026, 10, 1 + i))
    MedlemFactory(lokallag=org.lag_a, vervet_av=vera, vervekampanje=k, innmeldt=D(2026, 11, 2))
    MedlemFactory(lokallag=org.lag_a, vervet_av=otto, innmeldt=D(2026, 11, 3))
    MedlemFactory(lokallag=org.lag_a, vervekampanje=k, innmeldt=D(2026, 11, 4))
    MedlemFactory(lokallag=org.lag_a, vervet_av=otto, innmeldt=D(2026, 6, 1))  # before it
    MedlemFactory(lokallag=org.lag_b, innmeldt=D(2026, 10, 5))  # joined, recruited by nobody
    return k


def test_the_county_figures_and_names(drive, org):
    (s,) = vervekampanjer(D(2026, 11, 30))
    assert s.kampanje == drive
    assert s.vervet == 5
    assert s.prosent == 10
    assert s.ververe == [("Vera Verversen", 3), ("Otto Olsen", 1)]


def test_a_chapter_sees_only_its_own_recruits(drive, org):
    (gol,) = vervekampanjer(D(2026, 11, 30), org.lag_b)
    assert (gol.vervet, gol.ververe) == (2, [("Vera Verversen", 2)])
    (drammen,) = vervekampanjer(D(2026, 11, 30), org.lag_a)
    assert drammen.vervet == 3
    assert drammen.ververe == [("Otto Olsen", 1), ("Vera Verversen", 1)]


def test_a_chapters_drive_counts_its_chapter_only(org):
    k = Vervekampanje.objects.create(
        navn="Gol verver",
        fra_dato=D(2026, 11, 1),
        til_dato=D(2026, 12, 31),
        maal=4,
        lokallag=org.lag_b,
    )
    vera = MedlemFactory(lokallag=org.lag_b, fornavn="Vera")
    MedlemFactory(lokallag=org.lag_b, vervet_av=vera, innmeldt=D(2026, 11, 10))
    MedlemFactory(lokallag=org.lag_a, vervet_av=vera, innmeldt=D(2026, 11, 10))
    (s,) = vervekampanjer(D(2026, 11, 30))
    assert (s.kampanje, s.vervet, s.prosent) == (k, 1, 25)
    assert vervekampanjer(D(2026, 11, 30), org.lag_a) == []


def test_the_board_sees_the_names_and_a_leader_their_chapters(client, drive, board_user, leader_a):
    client.force_login(board_user)
    page = client.get(reverse("dashbord:index")).content.decode()
    assert "Verv 50" in page and "Vårkampanjen" not in page
    assert "Vera Verversen" in page and "Otto Olsen" in page
    assert "Vervet så langt" in page
    client.force_login(leader_a)
    page = client.get(reverse("dashbord:index")).content.decode()
    assert "Verv 50" in page and "Vervet i Drammen Senterparti" in page
    assert "Otto Olsen" in page and "Vera Verversen" in page  # she recruited in Drammen too
    client.force_login(board_user)
    page = client.get(reverse("dashbord:index") + "?lag=gol").content.decode()
    assert "Vera Verversen" in page and "Otto Olsen" not in page


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_section_runs_a_fixed_number_of_queries(client, drive, org, board_user, leader_b):
    for user in (board_user, leader_b):
        client.force_login(user)
        before = _queries(client, reverse("dashbord:index"))
        Vervekampanje.objects.create(
            navn="Ekstra", fra_dato=D(2026, 11, 1), til_dato=D(2026, 12, 31), maal=5
        )
        for _i in range(20):
            recruiter = MedlemFactory(lokallag=org.lag_b)
            MedlemFactory(lokallag=org.lag_b, vervet_av=recruiter, innmeldt=D(2026, 11, 5))
        assert _queries(client, reverse("dashbord:index")) == before
    with CaptureQueriesContext(connection) as ctx:
        vervekampanjer(D(2026, 11, 30))
    assert len(ctx.captured_queries) == 3
