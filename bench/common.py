"""What the load benchmarks share: the production server environment, gunicorn on a free
loopback port, and logged-in sessions with cookies kept by hand.

Used by bench/load.py (`make stress`) and bench/throughput.py (`make bench`).
"""

import base64
import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_AUDIT_HMAC_KEY = "bench-audit-key-" + "z" * 40  # the benchmark only, never production


def is_postgres(database_url: str) -> bool:
    return database_url.startswith(("postgres://", "postgresql://"))


def redact(database_url: str) -> str:
    """The URL without its user and password, for printing."""
    return re.sub(r"//[^@/]*@", "//…@", database_url)


def with_db(url: str, name: str | int) -> str:
    """The same server's database (PostgreSQL) or numbered database (Redis) ``name``."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, port: int, workers: int, *, demo: bool = True) -> dict[str, str]:
    """The environment of `manage.py` and gunicorn: production settings (DEBUG off, manifest
    static files) on plain HTTP at 127.0.0.1:port, with the staff MFA requirement off (the
    benchmark logins have no second factor; the MFA redirect is not what is measured)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="buskerud_sp.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        MFA_ENCRYPTION_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        # Fixed, so that a kept benchmark database's audit chain stays sealed under one key;
        # its anchors apart from the portal's own.
        AUDIT_HMAC_KEY=BENCH_AUDIT_HMAC_KEY,
        AUDIT_ANCHOR_FILE=str(ROOT / "var" / "bench-audit-anchors.log"),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DEMO_ENABLED="true" if demo else "false",
        REQUIRE_MFA_FOR_STAFF="false",
        EMAIL_URL="consolemail://",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


class Session:
    """Cookies by hand: the production settings mark them Secure, and this is plain HTTP on
    the loopback interface."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.last_location = ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(
                {**body, "csrfmiddlewaretoken": self.cookies["csrftoken"]}, doseq=True
            )
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()  # a dropped keep-alive connection: reconnect once
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            self.cookies[name.strip()] = value
        self.last_location = response.headers.get("Location", "")
        return response.status, response.read()

    def login(self, email: str, password: str) -> None:
        self.request("GET", "/konto/login/")
        status, _ = self.request("POST", "/konto/login/", {"login": email, "password": password})
        if status != 302:
            raise SystemExit(f"Login as {email} failed ({status})")

    def close(self) -> None:
        self.conn.close()


def wait_until_up(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {log.relative_to(ROOT)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start within 60 s")


@contextmanager
def gunicorn(env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen]:
    """gunicorn (gunicorn.conf.py, GUNICORN_BIND and GUNICORN_WORKERS from ``env``) until the
    block ends; its output goes to ``log``."""
    log.parent.mkdir(exist_ok=True)
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "buskerud_sp.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(port, server, log)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]
