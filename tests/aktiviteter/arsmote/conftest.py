"""Shared fixtures of the annual meeting cycle's tests: a year's rules (deadline 28 February
2027, county meeting 13 March 2027) with every chapter's meeting, on a clock in November 2026
when the chapters prepare."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from aktiviteter.arsmote.models import Arsmote, Arsmoteoppsett
from aktiviteter.arsmote.services.syklus import oppsett_lagre
from tests.aktiviteter.rhythm import at

D = datetime.date
AAR = 2027
FRIST = D(2027, 2, 28)
FYLKESARSMOTE = D(2027, 3, 13)


@pytest.fixture
def clock():
    with time_machine.travel(at(2026, 11, 30, 12, 0), tick=True) as traveller:
        yield traveller


@pytest.fixture
def oppsett(org, admin_user, clock):
    return oppsett_lagre(
        oppsett=Arsmoteoppsett(aar=AAR, frist=FRIST),
        bruker=admin_user,
        fylkesarsmote_dato=FYLKESARSMOTE,
        fylkesarsmote_sted="Thon Hotel Oslo Airport",
    )


@pytest.fixture
def arsmote_a(oppsett, org):
    return Arsmote.objects.get(lokallag=org.lag_a, aar=AAR)


@pytest.fixture
def arsmote_b(oppsett, org):
    return Arsmote.objects.get(lokallag=org.lag_b, aar=AAR)
