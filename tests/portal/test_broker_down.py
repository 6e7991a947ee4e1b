"""Broker down (issue 8, item 4): registering never depends on the broker. Nothing is queued
from the request: the follow-up work (here the invitations to a leader meeting) is read from
the database by the beat tick's jobs. With the web server's broker URL pointing at a closed
port, 100 leader meetings are registered through the web; then a working broker, beat and a
worker send every invitation once. Publishing the date plan, the one request that nudges the
broker, also succeeds, and its deliveries go out once. (The shared Redis is never stopped: other sessions use it.)"""

import datetime
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet
from aktiviteter.paaminnelser.models import Art, Leveringsstatus, Paaminnelse, Regeltype
from medlemmer.models import Medlem
from tests.conftest import PASSWORD
from tests.services import (
    WebSession,
    celery_process,
    free_port,
    gunicorn_process,
    pause_rules_except,
    wait_for,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]
COUNT = 100
# The rules this test exercises: the quarterly meeting's invitation (and the meeting itself).
KEPT_RULES = {Regeltype.LEDERMOTE_INVITASJON, Regeltype.LEDERMOTE_OPPRETT}


def test_registering_with_the_broker_down_loses_no_follow_up(
    org, admin_user, leader_a, leader_b, tmp_path
):
    Medlem.objects.filter(bruker__in=[leader_a, leader_b]).update(samtykke_paaminnelser=True)
    # Only the meetings' invitations and the date plan are counted below.
    pause_rules_except(*KEPT_RULES)
    port, closed = free_port(), free_port()
    broken = {"CELERY_BROKER_URL": f"redis://127.0.0.1:{closed}/0"}
    form = "/aktiviteter/ny/?type=lokallagsledermote"
    today = timezone.localdate()
    timings, statuses = [], Counter()
    with gunicorn_process(port, log=tmp_path / "web.log", **broken):
        web = WebSession(f"http://127.0.0.1:{port}")
        wait_for(lambda: _answers(web), timeout=30)
        web.login(admin_user.email, PASSWORD)
        _, page = web.request(form)
        unit = re.search(r'name="enhet"[^>]*>\s*<option value="(\d+)"', page).group(1)
        for n in range(COUNT):
            started = time.monotonic()
            status, _ = web.request(
                form,
                {
                    "type": "lokallagsledermote",
                    "enhet": unit,
                    "tittel": f"Lokallagsledermøte {n}",
                    "dato": (today + datetime.timedelta(days=2 + n % 15)).isoformat(),
                    "starttid": f"{10 + n % 8}:00",
                    "status": "planlagt",
                },
            )
            timings.append(time.monotonic() - started)
            statuses[status] += 1
        # The one request that nudges the broker: publishing the date plan queues a send run
        # after the commit (robust: a failure is logged, the minute job sends anyway).
        year = today.year
        item = {
            "tittel": "Fylkesårsmøte",
            "type": "fylkesarsmote",
            "fra_dato": f"{year}-12-30",
            "malgruppe": "alle_lokallag",
            "ansvarlig_enhet": unit,
        }
        assert web.request(f"/datoplan/ny/?aar={year}", item)[0] == 302
        started = time.monotonic()
        publish_status, _ = web.request(f"/datoplan/send/?aar={year}", {})
        publish_ms = (time.monotonic() - started) * 1000
    meetings = Aktivitet.objects.filter(tittel__startswith="Lokallagsledermøte ")
    print(
        f"\nBroker down: {COUNT} registrations, status codes {dict(statuses)}, "
        f"slowest {max(timings) * 1000:.0f} ms, {meetings.count()} saved; "
        f"publishing the date plan: {publish_status} in {publish_ms:.0f} ms"
    )
    assert statuses == {302: COUNT}
    assert publish_status == 302
    assert meetings.count() == COUNT
    # Nothing was planned for the meetings yet; the plan's deliveries wait in the database.
    assert set(Paaminnelse.objects.values_list("art", "status")) == {(Art.DATOPLAN, "venter")}

    outbox = tmp_path / "outbox"
    mail = {"EMAIL_URL": f"filemail://{outbox}"}
    invitations = Paaminnelse.objects.filter(art=Art.LEDERMOTE_INVITASJON, aktivitet__in=meetings)
    expected = COUNT * 2  # each meeting, to the leaders of chapters A and B
    started = time.monotonic()
    with (
        celery_process("worker", "--concurrency", "2", log=tmp_path / "w.log", **mail),
        celery_process(
            "beat",
            "--schedule",
            str(tmp_path / "beat-schedule"),
            log=tmp_path / "beat.log",
            BEAT_TICK_SECONDS="1",
            **mail,
        ),
    ):
        wait_for(
            lambda: (
                invitations.filter(status=Leveringsstatus.SENDT).count() == expected
                and not Paaminnelse.objects.exclude(status=Leveringsstatus.SENDT).exists()
            ),
            timeout=120,
        )
        time.sleep(3)  # a few more ticks: nothing may be sent again
    messages = [
        line
        for path in Path(outbox).iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    ]
    print(
        f"After the broker came back: {invitations.count()} invitations planned, "
        f"{invitations.filter(status=Leveringsstatus.SENDT).count()} sent in "
        f"{time.monotonic() - started:.0f} s, {len(messages)} messages"
    )
    assert invitations.count() == expected
    # Each meeting's invitation and the date plan, once, to each leader.
    assert Counter(messages) == {
        "To: leder.a@test.no": COUNT + 1,
        "To: leder.b@test.no": COUNT + 1,
    }


def _answers(web: WebSession) -> bool:
    try:
        return web.request("/konto/login/")[0] == 200
    except OSError:
        return False
