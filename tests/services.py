"""Real service processes for tests: a Celery worker and beat on the configured broker,
against the test database."""

import datetime
import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from aktiviteter.paaminnelser.models import Paaminnelsesregel

ROOT = Path(__file__).resolve().parent.parent


def test_database_url() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(s['NAME']).resolve()}"
    user = s.get("USER") or ""
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


def service_env(**extra: str) -> dict[str, str]:
    assert "LocMemCache" not in settings.CACHES["default"]["BACKEND"], (
        "A test that starts portal processes shares the cache with them: mark it "
        "@pytest.mark.shared_cache (or celery_worker)."
    )
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="buskerud_sp.settings_test",
        DATABASE_URL=test_database_url(),
        PYTHONUNBUFFERED="1",
        # The test's own anchor file (see conftest): the beat tick runs the audit jobs too.
        AUDIT_ANCHOR_FILE=str(settings.AUDIT_ANCHOR_FILE),
    )
    env.update(extra)
    return env


@contextmanager
def celery_process(
    kind: str, *args: str, log: Path, now: datetime.datetime | None = None, **env: str
):
    """Start ``celery worker`` or ``celery beat`` in its own session; stop it with TERM to its
    main PID (a TERM to the whole group can leave the main process hanging). With ``now`` (an
    aware datetime), the process's clock starts at that instant, as the test's pinned clock
    does: see tests/clock_at.py."""
    launcher = ["-m", "celery"] if now is None else ["-m", "tests.clock_at", now.isoformat()]
    cmd = [sys.executable, *launcher, "-A", "buskerud_sp", kind, "--loglevel", "INFO", *args]
    with open(log, "w") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=service_env(**env),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.25):
    """Poll until predicate() is truthy; return its value or raise with the timeout named."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Condition not met within {timeout} s")


def free_port() -> int:
    """A loopback port nothing listens on (for a server to take, or to stay closed)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn_process(port: int, *, log: Path, workers: int = 2, **env: str):
    """The portal under gunicorn on 127.0.0.1:``port`` against the test database."""
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "buskerud_sp.wsgi"],
            cwd=ROOT,
            env=service_env(
                GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers), **env
            ),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@contextmanager
def redis_process(port: int, folder: Path):
    """A Redis of the test's own on 127.0.0.1:``port`` (never the shared one), that keeps its
    data over a restart in ``folder`` (a dump on shutdown) like a Redis with persistence."""
    args = ["--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    args += ["--dbfilename", "dump.rdb", "--save", "", "--appendonly", "no"]
    proc = subprocess.Popen(
        ["redis-server", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: _redis_pings(port), timeout=10, interval=0.05)
        yield proc
    finally:
        subprocess.run(["redis-cli", "-p", str(port), "shutdown", "save"], capture_output=True)
        proc.wait(timeout=10)


needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="redis-server is not installed (Debian package redis-server)",
)


def _redis_pings(port: int) -> bool:
    answer = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True)
    return answer.stdout.strip() == b"PONG"


class WebSession:
    """A browser-like session over HTTP: cookies, the CSRF token, no redirects followed."""

    def __init__(self, base: str):
        import http.cookiejar
        import urllib.request

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        import urllib.error
        import urllib.parse
        import urllib.request

        body = None
        if data is not None:
            token = next((c.value for c in self.cookies if c.name == "csrftoken"), "")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(  # noqa: S310 (a loopback test server)
            self.base + path,
            data=body.encode() if body is not None else None,
            headers={"Referer": self.base + path},
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def login(self, email: str, password: str) -> None:
        self.request("/konto/login/")
        status, _ = self.request("/konto/login/", {"login": email, "password": password})
        assert status == 302, f"login as {email} gave {status}"


def pause_rules_except(*kept: str) -> None:
    """Pause every reminder rule but ``kept``, for a test that counts the mails a real worker
    and beat send: the rules whose mails depend on the hour the suite runs (the Tuesday call's
    reminder the evening before a Tuesday, the weekly summary) would otherwise add to the
    count at some hours. The worker and beat run in processes of their own, where the clock
    cannot be pinned."""
    regler = Paaminnelsesregel.objects.sikre_standard()
    Paaminnelsesregel.objects.filter(
        pk__in=[r.pk for key, r in regler.items() if key not in kept]
    ).update(aktiv=False)
