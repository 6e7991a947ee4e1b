"""Shared fixtures of the campaign plan's tests: the local elections of 13 September 2027 with
the campaign counted from 1 March, on a clock in mid-June 2027; the county's campaign
committee (a member of Drammen who holds no chapter office) and Gol's campaign committee."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from aktiviteter.valg.models import Valg, Valgkampmaal, Valgtype
from lokallag.models import Rolle
from tests.aktiviteter.rhythm import at
from tests.factories import MedlemFactory, UserFactory, VervFactory

D = datetime.date
VALGDAG = D(2027, 9, 13)
KAMPANJESTART = D(2027, 3, 1)
I_DAG = D(2027, 6, 15)


@pytest.fixture
def clock():
    with time_machine.travel(at(2027, 6, 15, 12, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def valg(db):
    return Valg.objects.create(
        type=Valgtype.KOMMUNE_FYLKE, dato=VALGDAG, kampanjestart=KAMPANJESTART
    )


def _committee_member(email: str, chapter, unit):
    user = UserFactory(email=email)
    medlem = MedlemFactory(epost=email, lokallag=chapter, bruker=user)
    VervFactory(medlem=medlem, enhet=unit, rolle=Rolle.VALGKAMPMEDLEM)
    return user


@pytest.fixture
def fylkesutvalg(org):
    """On the county's campaign committee; a plain member of Drammen otherwise."""
    return _committee_member("valgkamp.fylke@test.no", org.lag_a, org.fylke)


@pytest.fixture
def gol_utvalg(org):
    """On Gol's campaign committee; no other office."""
    return _committee_member("valgkamp.gol@test.no", org.lag_b, org.lag_b)


def maal(valg, lokallag, art, antall, dager_for, **fields) -> Valgkampmaal:
    return Valgkampmaal.objects.create(
        valg=valg, lokallag=lokallag, art=art, antall=antall, dager_for=dager_for, **fields
    )
