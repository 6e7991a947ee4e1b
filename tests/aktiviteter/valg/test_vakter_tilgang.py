"""Who gets what on the stand rosters' URLs, with chapter B's (Gol's) stand: the rows handed to
the permission matrix (``tests/test_permissions.py``), checked here per persona in the matrix's
order (the admin first), and the stand page's query count, flat with more shifts and names."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from aktiviteter.valg.models import Vakt, Vaktpamelding, Valg
from tests.aktiviteter.rhythm import at
from tests.factories import AktivitetFactory, MedlemFactory

PERSONAS = ("anon", "admin", "board", "leader_a", "leader_b", "member")
LOGIN = 302


def row(anon=LOGIN, admin=200, board=200, leader_a=404, leader_b=200, member=404):
    return dict(
        anon=anon, admin=admin, board=board, leader_a=leader_a, leader_b=leader_b, member=member
    )


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(at(2027, 8, 18, 12, 0), tick=False):
        yield


@pytest.fixture
def data(org, personas):
    stand_b = AktivitetFactory(
        type="stand", enhet=org.lag_b, dato=datetime.date(2027, 8, 20), status="planlagt"
    )
    vakt_b = Vakt.objects.create(
        aktivitet=stand_b, start=datetime.time(10), slutt=datetime.time(12), plasser=3
    )
    pamelding_b = Vaktpamelding.objects.create(vakt=vakt_b, medlem=personas["leader_b"].medlem)
    valg = Valg.objects.create(
        type="kommune_fylke",
        dato=datetime.date(2027, 9, 13),
        kampanjestart=datetime.date(2027, 8, 1),
    )
    return {"stand_b": stand_b, "vakt_b": vakt_b, "pamelding_b": pamelding_b, "valg": valg}


STAND = lambda d: {"pk": d["stand_b"].pk}  # noqa: E731
VAKT = lambda d: {"pk": d["stand_b"].pk, "vakt_pk": d["vakt_b"].pk}  # noqa: E731
MATRIX = {
    "valg:stand": (STAND, row(), "get"),
    "valg:stand_inviter": (STAND, row(board=404), "get"),
    "valg:vakt_ny": (STAND, row(board=404), "get"),
    "valg:vakt_endre": (VAKT, row(board=404), "get"),
    # Taken by a member: the delete is refused and the page returns to the roster.
    "valg:vakt_slett": (VAKT, row(admin=302, board=404, leader_b=302), "post"),
    # The admin (first in turn) removes the sign-up; for the others it is gone.
    "valg:pamelding_fjern": (
        lambda d: {"pk": d["stand_b"].pk, "pamelding_pk": d["pamelding_b"].pk},
        row(admin=302, board=404, leader_b=404),
        "post",
    ),
    "valg:stand_legg_til": (STAND, row(admin=302, board=404, leader_b=302), "post"),
    "valg:vakter": (lambda d: {"pk": d["valg"].pk}, row(leader_a=200), "get"),
    "valg:mine_vakter": (lambda d: {}, row(admin=404, leader_a=200, member=200), "get"),
    # Gol's shift: Gol's members (the board member and Gol's leader) take it.
    "valg:ta_vakt": (
        lambda d: {"vakt_pk": d["vakt_b"].pk},
        row(admin=404, board=302, leader_b=302),
        "post",
    ),
    # Only who has the shift gives it up (Gol's leader).
    "valg:gi_fra_vakt": (
        lambda d: {"vakt_pk": d["vakt_b"].pk},
        row(admin=404, board=404, leader_b=302),
        "post",
    ),
}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_tilgang(client, data, personas, name):
    kwargs, expected, method = MATRIX[name]
    url = reverse(name, kwargs=kwargs(data))
    for persona in PERSONAS:
        client.logout()
        if persona != "anon":
            client.force_login(personas[persona])
        response = getattr(client, method)(url)
        assert response.status_code == expected[persona], (name, persona)


def test_vaktlisten_spor_like_mange_ganger(client, org, leader_a, django_assert_max_num_queries):
    stand = AktivitetFactory(
        type="stand", enhet=org.lag_a, dato=datetime.date(2027, 8, 20), status="planlagt"
    )
    Vakt.objects.create(aktivitet=stand, start=datetime.time(9), slutt=datetime.time(10), plasser=9)
    client.force_login(leader_a)
    url = reverse("valg:stand", args=[stand.pk])
    with django_assert_max_num_queries(40) as before:
        client.get(url)
    for hour in (10, 12, 14):
        vakt = Vakt.objects.create(
            aktivitet=stand, start=datetime.time(hour), slutt=datetime.time(hour + 2), plasser=5
        )
        for _ in range(3):
            Vaktpamelding.objects.create(vakt=vakt, medlem=MedlemFactory(lokallag=org.lag_a))
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Fjern") >= 9
