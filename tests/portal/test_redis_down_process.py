"""Redis down (issue 14, item 6), as real processes: gunicorn with REDIS_URL on a closed port,
so the cache and the broker are both gone. Logging in, the pages, a password reset and 30
leader meetings registered through the web all answer; the login rate limit holds across the
two web workers (the database cache is shared). Then Redis starts on that port (a Redis of the
test's own, never the shared one) with a beat and a worker: every meeting's invitations go
out exactly once, and the web, still running, is back on Redis with the new figures."""

import datetime
import re
import subprocess
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
    needs_redis_server,
    pause_rules_except,
    redis_process,
    wait_for,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.celery_worker,
    needs_redis_server,
]
COUNT = 30
PAGES = ("/", "/medlemmer/", "/aktiviteter/", "/dashbord/", "/lokallag/")


def test_with_redis_down_everything_answers_and_follow_ups_run_once_when_it_is_back(
    org, admin_user, leader_a, leader_b, tmp_path
):
    Medlem.objects.filter(bruker__in=[leader_a, leader_b]).update(samtykke_paaminnelser=True)
    # Only the meetings' invitations are counted below (tests/services.pause_rules_except).
    pause_rules_except(Regeltype.LEDERMOTE_INVITASJON, Regeltype.LEDERMOTE_OPPRETT)
    port, redis_port = free_port(), free_port()
    redis = {
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
        "CACHE_RETRY_SECONDS": "1",
    }
    form = "/aktiviteter/ny/?type=lokallagsledermote"
    today = timezone.localdate()
    statuses, timings = Counter(), []
    with gunicorn_process(port, log=tmp_path / "web.log", **redis):
        base = f"http://127.0.0.1:{port}"
        web = WebSession(base)
        wait_for(lambda: _answers(web), timeout=30)
        web.login(admin_user.email, PASSWORD)
        pages = {url: web.request(url)[0] for url in PAGES}
        reset = WebSession(base)
        reset.request("/konto/password/reset/")
        reset_status = reset.request("/konto/password/reset/", {"email": admin_user.email})[0]
        limited = _sixth_login_after_five_wrong(base, leader_a.email)

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
            f"\nRedis down: pages {pages}, password reset {reset_status}, "
            f"6th login after 5 wrong: {limited}; {COUNT} registrations {dict(statuses)}, "
            f"slowest {max(timings) * 1000:.0f} ms, {meetings.count()} saved"
        )
        assert pages == dict.fromkeys(PAGES, 200)
        assert reset_status == 302
        assert limited == "refused"
        assert statuses == {302: COUNT}
        assert meetings.count() == COUNT

        outbox = tmp_path / "outbox"
        mail = {"EMAIL_URL": f"filemail://{outbox}", **redis}
        invitations = Paaminnelse.objects.filter(
            art=Art.LEDERMOTE_INVITASJON, aktivitet__in=meetings
        )
        expected = COUNT * 2  # each meeting, to the leaders of chapters A and B
        started = time.monotonic()
        with (
            redis_process(redis_port, tmp_path),
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
            sent_after = time.monotonic() - started
            time.sleep(3)  # a few more ticks: nothing may be sent again
            # The web is back on Redis (after its retry pause) and counts every meeting.
            time.sleep(1.5)
            status, listing = web.request("/aktiviteter/?type=lokallagsledermote")
            cached_keys = _redis_keys(redis_port, db=1)
    messages = [
        line
        for path in Path(outbox).iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    ]
    print(
        f"After Redis came back: {invitations.count()} invitations, all sent in "
        f"{sent_after:.0f} s, {len(messages)} messages; list {status}, "
        f"{cached_keys} keys in the Redis cache"
    )
    assert status == 200
    shown = set(re.findall(r"Lokallagsledermøte (\d+)\b", listing))
    assert shown == {str(n) for n in range(COUNT)}
    assert cached_keys > 0
    assert invitations.count() == expected
    assert Counter(messages) == {"To: leder.a@test.no": COUNT, "To: leder.b@test.no": COUNT}


def _sixth_login_after_five_wrong(base: str, email: str) -> str:
    """Five wrong passwords, each from a new session (they land on either web worker), then
    the right one: refused while the limit holds."""
    for _ in range(5):
        session = WebSession(base)
        session.request("/konto/login/")
        assert session.request("/konto/login/", {"login": email, "password": "feil"})[0] == 200
    session = WebSession(base)
    session.request("/konto/login/")
    status, _ = session.request("/konto/login/", {"login": email, "password": PASSWORD})
    return "let in" if status == 302 else "refused"


def _redis_keys(port: int, db: int) -> int:
    answer = subprocess.run(
        ["redis-cli", "-p", str(port), "-n", str(db), "dbsize"], capture_output=True, text=True
    )
    return int(answer.stdout.strip() or 0)


def _answers(web: WebSession) -> bool:
    try:
        return web.request("/konto/login/")[0] == 200
    except OSError:
        return False
