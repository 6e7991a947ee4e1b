"""Load test (issue 8, item 8): gunicorn with 4 workers, 50 concurrent users for 60 s over the
dashboard, the member list and the activity form. Prints requests/s, errors and p95.

    LOAD_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bsp_load .venv/bin/python bench/load.py

The database is LOAD_DATABASE_URL, else DATABASE_URL: PostgreSQL only, one of its own: every request saves the session (the idle timeout),
and four processes writing to one SQLite file answer "database is locked" (a 503) under this
load. The database is migrated and filled with the demo data if empty. The server runs with
production settings (DEBUG off, collected static files) on a free loopback port; the users
are threads with one keep-alive connection each, sharing the logged-in sessions of the demo
admin (dashboard, member list) and the Drammen leader (activity form), with the staff MFA
requirement off (the demo logins have no second factor). Figures depend on the
machine: they are printed, not asserted. LOAD_USERS, LOAD_SECONDS and LOAD_WORKERS override.
"""

import http.client
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-passord-2024")
PAGES = [
    ("dashbord", "admin@demo.buskerudsp.no", "/dashbord/"),
    ("medlemsliste", "admin@demo.buskerudsp.no", "/medlemmer/"),
    ("aktivitetsskjema", "leder.drammen@demo.buskerudsp.no", "/aktiviteter/ny/?type=medlemsmote"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env["DATABASE_URL"] = env.get("LOAD_DATABASE_URL") or env.get("DATABASE_URL", "")
    if not env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "Set LOAD_DATABASE_URL (or DATABASE_URL) to a PostgreSQL database of its own, e.g. "
            "postgres://postgres@127.0.0.1:5432/bsp_load (createdb bsp_load)."
        )
    env.update(
        DJANGO_SETTINGS_MODULE="buskerud_sp.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DEMO_ENABLED="true",
        # The demo logins have no second factor; the MFA redirect is not what is measured.
        REQUIRE_MFA_FOR_STAFF="false",
        EMAIL_URL="consolemail://",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(WORKERS),
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
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(
                {**body, "csrfmiddlewaretoken": self.cookies["csrftoken"]}
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
        return response.status, response.read()

    def login(self, email: str) -> None:
        self.request("GET", "/konto/login/")
        status, _ = self.request("POST", "/konto/login/", {"login": email, "password": PASSWORD})
        if status != 302:
            raise SystemExit(f"Login as {email} failed ({status})")


def wait_until_up(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn stopped; see var/load-gunicorn.log")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start within 60 s")


def user(port: int, cookies: dict[str, dict[str, str]], offset: int, stop: float, out: list):
    session = Session(port)
    n = offset
    while time.monotonic() < stop:
        name, email, path = PAGES[n % len(PAGES)]
        session.cookies = dict(cookies[email])
        started = time.monotonic()
        try:
            status, body = session.request("GET", path)
            ok = status == 200 and b"</html>" in body
        except (http.client.HTTPException, OSError) as exc:
            status, ok = type(exc).__name__, False
        out.append((name, time.monotonic() - started, status, ok))
        n += 1


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


def main() -> None:
    port = free_port()
    env = server_env(port)
    print(f"Database: {re.sub(r'//[^@/]*@', '//…@', env['DATABASE_URL'])}")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "demodata", "--if-empty")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    (ROOT / "var").mkdir(exist_ok=True)
    with open(ROOT / "var" / "load-gunicorn.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "buskerud_sp.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(port, server)
        cookies = {}
        for email in {email for _, email, _ in PAGES}:
            session = Session(port)
            session.login(email)
            cookies[email] = session.cookies
        # Warm-up: every worker imports and renders each page once before the clock starts.
        for _ in range(WORKERS * 2):
            for _, email, path in PAGES:
                session = Session(port)
                session.cookies = dict(cookies[email])
                session.request("GET", path)
        print(f"gunicorn: {WORKERS} workers on 127.0.0.1:{port}; {USERS} users for {SECONDS:.0f} s")
        results: list = []
        stop = time.monotonic() + SECONDS
        threads = [
            threading.Thread(target=user, args=(port, cookies, i, stop, results))
            for i in range(USERS)
        ]
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    errors = [r for r in results if not r[3]]
    latencies = [r[1] for r in results]
    print(
        f"\n{len(results)} requests in {elapsed:.1f} s: {len(results) / elapsed:.1f} requests/s, "
        f"{len(errors)} errors, p50 {percentile(latencies, 50) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 95) * 1000:.0f} ms"
    )
    for name, _, _ in PAGES:
        page = [r[1] for r in results if r[0] == name]
        print(
            f"  {name:17} {len(page):6} requests, p50 {percentile(page, 50) * 1000:5.0f} ms, "
            f"p95 {percentile(page, 95) * 1000:5.0f} ms"
        )
    if errors:
        print("Errors:", dict(Counter((r[0], r[2]) for r in errors)))
        sys.exit(1)


if __name__ == "__main__":
    main()
