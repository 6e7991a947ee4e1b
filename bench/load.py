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
import sys
import threading
import time
from collections import Counter

from common import ROOT, Session, free_port, gunicorn, is_postgres, manage, percentile, redact
from common import server_env as common_server_env

USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("LOAD_WORKERS", "4"))
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-passord-2024")
PAGES = [
    ("dashbord", "admin@demo.buskerudsp.no", "/dashbord/"),
    ("medlemsliste", "admin@demo.buskerudsp.no", "/medlemmer/"),
    ("aktivitetsskjema", "leder.drammen@demo.buskerudsp.no", "/aktiviteter/ny/?type=medlemsmote"),
]


def server_env(port: int) -> dict[str, str]:
    database_url = os.environ.get("LOAD_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    if not is_postgres(database_url):
        raise SystemExit(
            "Set LOAD_DATABASE_URL (or DATABASE_URL) to a PostgreSQL database of its own, e.g. "
            "postgres://postgres@127.0.0.1:5432/bsp_load (createdb bsp_load)."
        )
    return common_server_env(database_url, port, WORKERS)


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


def main() -> None:
    port = free_port()
    env = server_env(port)
    print(f"Database: {redact(env['DATABASE_URL'])}")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "demodata", "--if-empty")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    with gunicorn(env, port, ROOT / "var" / "load-gunicorn.log"):
        cookies = {}
        for email in {email for _, email, _ in PAGES}:
            session = Session(port)
            session.login(email, PASSWORD)
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
