"""The public calendar's data: a chapter's open events beside everything it must never show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
import time_machine

from aktiviteter.aktivitet.models import Deltakelse
from aktiviteter.valg.models import Vakt, Vaktpamelding
from tests.aktiviteter.rhythm import at
from tests.factories import AktivitetFactory, LokallagFactory, MedlemFactory

D = datetime.date
TODAY = D(2027, 8, 16)
NOW = at(2027, 8, 16, 10, 0)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@dataclass
class Calendar:
    folkemote: object
    stand: object
    avlyst: object
    fylke: object
    privat: object
    internt: object
    inaktivt: object
    gammelt: object
    tidligere: object
    deltaker: object
    ansvarlig: object
    vakter: list


def public(**kwargs):
    kwargs.setdefault("status", "planlagt")
    kwargs.setdefault("offentlig", True)
    return AktivitetFactory(**kwargs)


@pytest.fixture
def calendar(org, clock) -> Calendar:
    return make_calendar(org)


def make_calendar(org) -> Calendar:
    """The events (with the clock at ``NOW``): public ones of chapter A, chapter B and the
    county, and beside them what the public calendar must never show."""
    deltaker = MedlemFactory(lokallag=org.lag_a, fornavn="Sigrid", etternavn="Deltakersen")
    ansvarlig = MedlemFactory(lokallag=org.lag_a, fornavn="Anders", etternavn="Ansvarsen")
    vakt_tatt_av = MedlemFactory(lokallag=org.lag_a, fornavn="Vilde", etternavn="Vaktesen")
    folkemote = public(
        type="folkemote",
        enhet=org.lag_a,
        tittel="Folkemøte om sykehuset",
        dato=D(2027, 8, 20),
        sted="Union Scene",
        beskrivelse="Kom og hør om sykehusstriden.",
        kontaktperson="Kari Kontakt",
        kontakt="kari@example.no",
        deltakerantall=4273,
        ansvarlig=ansvarlig,
    )
    Deltakelse.objects.create(aktivitet=folkemote, medlem=deltaker)
    stand = public(
        type="stand",
        enhet=org.lag_a,
        tittel="Stand på Bragernes torg",
        dato=D(2027, 9, 4),
        starttid=datetime.time(10, 0),
        sluttid=datetime.time(15, 0),
        sted="Bragernes torg",
        ansvarlig=ansvarlig,
    )
    morning = Vakt.objects.create(
        aktivitet=stand, start=datetime.time(10), slutt=datetime.time(12), plasser=3
    )
    full = Vakt.objects.create(
        aktivitet=stand, start=datetime.time(12), slutt=datetime.time(13), plasser=1
    )
    Vaktpamelding.objects.create(vakt=morning, medlem=vakt_tatt_av)
    Vaktpamelding.objects.create(vakt=full, medlem=ansvarlig)
    inaktivt_lag = LokallagFactory(navn="Nedlagt Senterparti", slug="nedlagt", aktiv=False)
    return Calendar(
        folkemote=folkemote,
        stand=stand,
        avlyst=public(
            type="temamote",
            enhet=org.lag_b,
            tittel="Temamøte om ulv",
            dato=D(2027, 9, 10),
            status="avlyst",
        ),
        fylke=public(
            type="valgkampapning",
            enhet=org.fylke,
            vertslag=org.lag_b,
            tittel="Valgkampåpning på Gol",
            dato=D(2027, 8, 25),
        ),
        privat=AktivitetFactory(
            type="medlemsmote",
            enhet=org.lag_a,
            tittel="Lukket medlemsmøte",
            dato=D(2027, 8, 21),
            status="planlagt",
        ),
        internt=AktivitetFactory(
            type="styremote",
            enhet=org.lag_a,
            tittel="Hemmelig styremøte",
            dato=D(2027, 8, 22),
            offentlig=True,  # refused by clean(); the calendar filters the type all the same
        ),
        inaktivt=public(
            type="folkemote", enhet=inaktivt_lag, tittel="Folkemøte i nedlagt lag", dato=TODAY
        ),
        gammelt=public(type="folkemote", enhet=org.lag_a, tittel="Vårmøtet", dato=D(2027, 3, 1)),
        tidligere=public(
            type="folkemote", enhet=org.lag_a, tittel="Sommermøtet", dato=D(2027, 7, 1)
        ),
        deltaker=deltaker,
        ansvarlig=ansvarlig,
        vakter=[morning, full, vakt_tatt_av],
    )
