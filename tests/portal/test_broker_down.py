"""Broker down (issue 8, item 4): registering never depends on the broker. Nothing is queued
from the request: the follow-up work (here the invitations to a leader meeting) is read from
the database by the beat tick's jobs. With the web server's broker URL pointing at a closed
port, 100 leader meetings are registered through the web; then a working broker, beat and a
worker send every invitation once. (The shared Redis is never stopped: other sessions use it.)"""

import datetime
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from django.utils import timezone

from aktiviteter.models import Aktivitet, Art, Leveringsstatus, Paaminnelse
from medlemmer.models import Medlem
from tests.conftest import PASSWORD
from tests.services import WebSession, celery_process, free_port, gunicorn_process, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.celery_worker]
COUNT = 100


def test_registering_with_the_broker_down_loses_no_follow_up(
    org, admin_user, leader_a, leader_b, tmp_path
):
    Medlem.objects.filter(bruker__in=[leader_a, leader_b]).update(samtykke_paaminnelser=True)
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
    meetings = Aktivitet.objects.filter(tittel__startswith="Lokallagsledermøte ")
    print(
        f"\nBroker down: {COUNT} registrations, status codes {dict(statuses)}, "
        f"slowest {max(timings) * 1000:.0f} ms, {meetings.count()} saved"
    )
    assert statuses == {302: COUNT}
    assert meetings.count() == COUNT
    assert not Paaminnelse.objects.exists()  # nothing was planned or queued yet

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
            lambda: invitations.filter(status=Leveringsstatus.SENDT).count() == expected,
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
    assert Counter(messages) == {"To: leder.a@test.no": COUNT, "To: leder.b@test.no": COUNT}


def _answers(web: WebSession) -> bool:
    try:
        return web.request("/konto/login/")[0] == 200
    except OSError:
        return False
