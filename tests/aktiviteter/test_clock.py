"""The planner at any hour: the same situation, relative to the clock, plans the same
reminders at every hour of the day and day of the week (the fast, in-process twin of
test_reminder_worker, which pins the clock in real worker and beat processes)."""

import datetime
import itertools

import pytest
import time_machine
from django.utils import timezone

from aktiviteter.paaminnelser.models import Art, Paaminnelse, Paaminnelsesregel, Regeltype
from aktiviteter.paaminnelser.services import paaminnelser_planlegg
from tests.factories import AktivitetFactory, MedlemFactory

pytestmark = pytest.mark.django_db
OSLO = timezone.get_default_timezone()
# A Monday, a Tuesday and a Sunday of an ordinary week (no days off near it).
DAYS = [datetime.date(2026, 12, 7), datetime.date(2026, 12, 8), datetime.date(2026, 12, 13)]
HOURS = [datetime.time(3, 0), datetime.time(8, 30), datetime.time(12, 0), datetime.time(19, 45)]
HOURS += [datetime.time(23, 30)]
CLOCKS = [
    datetime.datetime.combine(day, hour, tzinfo=OSLO)
    for day, hour in itertools.product(DAYS, HOURS)
]


@pytest.mark.parametrize("now", CLOCKS, ids=lambda t: t.strftime("%a-%H%M"))
def test_a_reminder_due_a_minute_ago_is_planned_once_at_any_hour(org, now):
    with time_machine.travel(now, tick=False):
        starts, due = now + datetime.timedelta(hours=1), now - datetime.timedelta(minutes=1)
        call = AktivitetFactory(
            type="tirsdagsmote",
            enhet=org.fylke,
            dato=starts.date(),
            starttid=starts.time(),
            sluttid=None,
            status="planlagt",
        )
        regel = Paaminnelsesregel.objects.sikre_standard()[Regeltype.TIRSDAG_KVELDEN_FOR]
        regel.klokkeslett, regel.dager = due.time(), (starts.date() - due.date()).days
        regel.save()
        Paaminnelsesregel.objects.exclude(nokkel__in=[regel.nokkel, Regeltype.TIRSDAGSMOTE]).update(
            aktiv=False
        )
        medlem = MedlemFactory(lokallag=org.lag_a, folkevalgt=True, samtykke_paaminnelser=True)
        assert paaminnelser_planlegg() == 1
        assert paaminnelser_planlegg() == 0
    row = Paaminnelse.objects.get()
    assert (row.art, row.aktivitet_id, row.mottaker_id) == (
        Art.TIRSDAG_PAAMINNELSE,
        call.pk,
        medlem.pk,
    )


@pytest.mark.parametrize("now", CLOCKS, ids=lambda t: t.strftime("%a-%H%M"))
def test_a_reminder_not_yet_due_is_not_planned_at_any_hour(org, now):
    with time_machine.travel(now, tick=False):
        starts, due = now + datetime.timedelta(hours=2), now + datetime.timedelta(minutes=1)
        AktivitetFactory(
            type="tirsdagsmote",
            enhet=org.fylke,
            dato=starts.date(),
            starttid=starts.time(),
            sluttid=None,
            status="planlagt",
        )
        regel = Paaminnelsesregel.objects.sikre_standard()[Regeltype.TIRSDAG_KVELDEN_FOR]
        regel.klokkeslett, regel.dager = due.time(), (starts.date() - due.date()).days
        regel.save()
        Paaminnelsesregel.objects.exclude(nokkel__in=[regel.nokkel, Regeltype.TIRSDAGSMOTE]).update(
            aktiv=False
        )
        MedlemFactory(lokallag=org.lag_a, folkevalgt=True, samtykke_paaminnelser=True)
        assert paaminnelser_planlegg() == 0
