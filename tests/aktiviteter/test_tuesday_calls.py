"""The weekly Tuesday calls exist ahead of time: one per Tuesday, made idempotently."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from aktiviteter.aktivitet.models import Aktivitet, Status
from aktiviteter.aktivitet.services import tirsdagsmoter_sikre
from aktiviteter.aktivitet.tasks import ensure_tuesday_calls
from tests.factories import AktivitetFactory

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.date(2026, 11, 25)


def calls():
    return list(
        Aktivitet.objects.filter(type="tirsdagsmote")
        .order_by("dato")
        .values_list("dato", flat=True)
    )


def test_the_next_tuesdays_are_made_once(org):
    assert tirsdagsmoter_sikre(uker=4, fra=WEDNESDAY) == 4
    assert calls() == [
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 8),
        datetime.date(2026, 12, 15),
        datetime.date(2026, 12, 22),
    ]
    assert tirsdagsmoter_sikre(uker=4, fra=WEDNESDAY) == 0
    assert tirsdagsmoter_sikre(uker=5, fra=WEDNESDAY) == 1
    assert len(calls()) == 5
    call = Aktivitet.objects.filter(type="tirsdagsmote").first()
    assert (call.enhet, call.status, call.digitalt) == (org.fylke, Status.PLANLAGT, True)


def test_a_tuesday_counts_from_that_very_day(org):
    tirsdagsmoter_sikre(uker=1, fra=datetime.date(2026, 12, 1))
    assert calls() == [datetime.date(2026, 12, 1)]


def test_a_cancelled_call_is_left_alone(org):
    AktivitetFactory(
        enhet=org.fylke, type="tirsdagsmote", dato=datetime.date(2026, 12, 1), status="avlyst"
    )
    assert tirsdagsmoter_sikre(uker=2, fra=WEDNESDAY) == 1
    assert Aktivitet.objects.get(dato=datetime.date(2026, 12, 1)).status == Status.AVLYST


def test_the_database_refuses_two_calls_on_one_date(org):
    AktivitetFactory(enhet=org.fylke, type="tirsdagsmote", dato=datetime.date(2026, 12, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        AktivitetFactory(enhet=org.fylke, type="tirsdagsmote", dato=datetime.date(2026, 12, 1))


def test_the_periodic_job_keeps_the_coming_weeks_filled(org, settings):
    settings.TIRSDAGSMOTER_UKER_FRAM = 3
    assert ensure_tuesday_calls() == 3
    assert ensure_tuesday_calls() == 0
    from buskerud_sp.core.jobs import SCHEDULE

    assert SCHEDULE["aktiviteter.tuesday_calls"].task == "aktiviteter.tasks.ensure_tuesday_calls"


def test_without_a_county_nothing_is_made(db):
    assert tirsdagsmoter_sikre(uker=2) == 0
