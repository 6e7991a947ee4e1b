"""End to end on the real broker (Redis in CI, the filesystem transport locally) with a real
Celery worker and beat: the tick plans a due reminder, the worker sends it, and the mail
lands in the outbox (a folder: the worker is another process). The clock is pinned, in this
process and in the worker and beat (tests/clock_at.py), at several hours and weekdays: the
test holds at whatever hour CI runs it."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from aktiviteter.paaminnelser.models import (
    Art,
    Leveringsstatus,
    Paaminnelse,
    Paaminnelsesregel,
    Regeltype,
)
from tests.factories import AktivitetFactory, MedlemFactory
from tests.services import celery_process, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]


OSLO = timezone.get_default_timezone()
# Night, the Tuesday morning rule's hour, just before the call on a Tuesday, late on a Sunday.
CLOCKS = [
    datetime.datetime(2026, 12, 7, 3, 0, tzinfo=OSLO),
    datetime.datetime(2026, 12, 8, 8, 30, tzinfo=OSLO),
    datetime.datetime(2026, 12, 8, 19, 45, tzinfo=OSLO),
    datetime.datetime(2026, 12, 13, 23, 30, tzinfo=OSLO),
]


@pytest.fixture(params=CLOCKS, ids=lambda t: t.strftime("%a-%H%M"))
def now(request):
    with time_machine.travel(request.param, tick=True):
        yield request.param


def test_beat_and_a_worker_deliver_a_due_reminder_to_the_outbox(org, tmp_path, now):
    # A call in an hour; the rule «the evening before» is set so that it fell due a minute ago.
    starts, due = now + datetime.timedelta(hours=1), now - datetime.timedelta(minutes=1)
    call = AktivitetFactory(
        type="tirsdagsmote",
        enhet=org.fylke,
        dato=starts.date(),
        starttid=starts.time(),
        sluttid=None,
        status="planlagt",
        nettlenke="Ring 23 50 00 00, PIN 2024#",
    )
    regel = Paaminnelsesregel.objects.sikre_standard()[Regeltype.TIRSDAG_KVELDEN_FOR]
    regel.klokkeslett, regel.dager = due.time(), (starts.date() - due.date()).days
    regel.save()
    # Only the rule under test sends (and the call's own rule holds the call): whether another
    # rule also falls due (the Tuesday morning one at 08:00, the weekly summary on Mondays,
    # ...) depends on the hour, not on this test.
    Paaminnelsesregel.objects.exclude(nokkel__in=[regel.nokkel, Regeltype.TIRSDAGSMOTE]).update(
        aktiv=False
    )
    medlem = MedlemFactory(
        lokallag=org.lag_a, folkevalgt=True, samtykke_paaminnelser=True, epost="frida@test.no"
    )
    outbox = tmp_path / "outbox"
    mail = {"EMAIL_URL": f"filemail://{outbox}"}
    with (
        celery_process(
            "worker",
            "--concurrency",
            "1",
            "--hostname",
            "r1@%h",
            log=tmp_path / "w.log",
            now=now,
            **mail,
        ),
        celery_process(
            "beat",
            "--schedule",
            str(tmp_path / "beat-schedule"),
            log=tmp_path / "beat.log",
            now=now,
            BEAT_TICK_SECONDS="1",
            **mail,
        ),
    ):
        row = wait_for(
            lambda: Paaminnelse.objects.filter(
                mottaker=medlem, status=Leveringsstatus.SENDT
            ).first(),
            timeout=90,
        )
    assert (row.art, row.aktivitet_id) == (Art.TIRSDAG_PAAMINNELSE, call.pk)
    sent = "".join(p.read_text() for p in Path(outbox).iterdir())
    assert "To: frida@test.no" in sent
    assert "tirsdagsm=C3=B8te" in sent or "tirsdagsmøte" in sent
    assert Paaminnelse.objects.count() == 1
