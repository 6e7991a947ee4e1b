"""Throughput under gunicorn: 2 workers, a load generator for 30 s on the dashboard and then
30 s on the member list. Prints requests/s, errors, p50 and p95 per page.

    .venv/bin/python bench/throughput.py --database-url postgres://…/bench \\
        --email bench-admin@bench.invalid --password …
    .venv/bin/python bench/throughput.py --database-url postgres://…/bsp_load_dev --demodata

The server runs with production settings (DEBUG off, manifest static files, collected into
var/static first) on a free loopback port, with the staff MFA requirement off. The database
is used as it is: only with ``demodata`` (``--demodata``) is it migrated and filled with the
demo data if empty (then the login defaults to the demo admin).

Each page is measured on its own for ``seconds``: ``users`` client threads, each with its own
logged-in session (as many browsers), request the page back to back. An error is any answer
but 200 with a complete page, or no answer. The load generator runs on the same machine as
gunicorn and PostgreSQL, so the CPU time of each (client, gunicorn workers, the PostgreSQL
backends of this database, everything else) is measured from /proc and reported alongside.
With sync workers each worker serves one request at a time: a few more client threads than
workers keep both busy; more only queue (p50 grows, requests/s does not).
"""

import argparse
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from common import (
    ROOT,
    Session,
    free_port,
    gunicorn,
    is_postgres,
    manage,
    percentile,
    redact,
    server_env,
)

DEFAULT_PAGES = ["/dashbord/", "/medlemmer/"]
DEMO_ADMIN = "admin@demo.buskerudsp.no"
DEMO_PASSWORD = "demo-passord-2024"  # noqa: S105 - the published demo password


# --- CPU time from /proc (Linux); None elsewhere ------------------------------------------
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: str) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a process."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def _cmdline(pid: str) -> list[str]:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split()
    except OSError:
        return []


def _machine_busy() -> float:
    """CPU seconds all cores spent on anything but idle since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) / TICK


def cpu_snapshot(server_pid: int, database: str) -> dict | None:
    """CPU seconds so far: this process (the client), the gunicorn workers, the PostgreSQL
    backends connected to ``database`` (their title names it), and the whole machine."""
    if not Path("/proc/stat").exists():
        return None
    workers, backends = {}, {}
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        stat = _stat(pid)
        if stat is None:
            continue
        if stat[0] == server_pid:
            workers[pid] = stat[1]
        else:
            title = _cmdline(pid)
            if title[:1] == ["postgres:"] and database in title:
                backends[pid] = stat[1]
    return {
        "client": time.process_time(),
        "gunicorn": workers,
        "postgres": backends,
        "machine": _machine_busy(),
    }


class CpuMeter:
    """CPU seconds used between start() and stop(), sampled twice a second so that a
    PostgreSQL backend which ends meanwhile (Django closes connections older than
    CONN_MAX_AGE) still counts with what it used until its last sample."""

    def __init__(self, server_pid: int, database: str):
        self.server_pid, self.database = server_pid, database
        self.first: dict | None = None
        self.last: dict | None = None
        self.own_cpu = 0.0
        self._done = threading.Event()

    def _sample(self) -> None:
        snap = cpu_snapshot(self.server_pid, self.database)
        if snap is None or self.last is None:
            self.last = snap
            return
        for group in ("gunicorn", "postgres"):
            self.last[group].update(snap[group])
        self.last.update(client=snap["client"], machine=snap["machine"])

    def _loop(self) -> None:
        while not self._done.wait(0.5):
            self._sample()
        self.own_cpu = time.thread_time()  # the sampling itself: not the load generator's

    def start(self) -> None:
        self.first = cpu_snapshot(self.server_pid, self.database)
        self.last = None
        self._sample()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> dict | None:
        self._done.set()
        self._thread.join()
        self._sample()
        before, after = self.first, self.last
        if before is None or after is None:
            return None

        def group(name: str) -> float:
            return sum(v - before[name].get(pid, 0.0) for pid, v in after[name].items())

        used = {
            "client_s": after["client"] - before["client"] - self.own_cpu,
            "gunicorn_s": group("gunicorn"),
            "postgres_s": group("postgres"),
            "machine_s": after["machine"] - before["machine"],
        }
        used["other_s"] = max(
            0.0, used["machine_s"] - used["client_s"] - used["gunicorn_s"] - used["postgres_s"]
        )
        return {k: round(v, 2) for k, v in used.items()}


# --- The load ------------------------------------------------------------------------------
def _user(session: Session, path: str, stop: float, out: list) -> None:
    while (started := time.perf_counter()) < stop:
        try:
            status, body = session.request("GET", path)
            ok = status == 200 and b"</html>" in body
        except (http.client.HTTPException, OSError) as exc:
            status, ok = type(exc).__name__, False
        out.append((time.perf_counter() - started, status, ok))


def _run_page(sessions: list[Session], path: str, seconds: float, meter: CpuMeter) -> dict:
    results: list = []
    meter.start()
    started = time.perf_counter()
    stop = started + seconds
    threads = [threading.Thread(target=_user, args=(s, path, stop, results)) for s in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    used = meter.stop()
    if used and results:
        # Server CPU per answered request: less sensitive to other load on the machine than
        # requests/s (it still grows somewhat when the cores are shared).
        used["gunicorn_ms_per_request"] = round(used["gunicorn_s"] / len(results) * 1000, 1)
        used["postgres_ms_per_request"] = round(used["postgres_s"] / len(results) * 1000, 1)
    latencies = [r[0] for r in results]
    errors = Counter(str(r[1]) for r in results if not r[2])
    return {
        "requests": len(results),
        "seconds": round(elapsed, 2),
        "requests_per_s": round(len(results) / elapsed, 2),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "p50_ms": round(percentile(latencies, 50) * 1000, 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95) * 1000, 1) if latencies else None,
        "cpu": used,
    }


def measure(
    database_url: str,
    *,
    admin_email: str,
    password: str,
    seconds: float = 30,
    workers: int = 2,
    users: int = 4,
    pages: list[str] | None = None,
    demodata: bool = False,
) -> dict:
    """Measure each page of ``pages`` for ``seconds`` under gunicorn with ``workers`` workers
    and ``users`` concurrent logged-in clients. With ``demodata`` the database is migrated
    and filled with the demo data if empty; without, it is used as it is."""
    if not is_postgres(database_url):
        raise ValueError("throughput needs PostgreSQL (SQLite locks under concurrent writes)")
    pages = pages or DEFAULT_PAGES
    port = free_port()
    env = server_env(database_url, port, workers, demo=demodata)
    if demodata:
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "demodata", "--if-empty", "-v", "0")
    # Production settings serve static files through WhiteNoise's manifest storage: without
    # the collected manifest every page that links a stylesheet answers 500.
    manage(env, "collectstatic", "--noinput", "-v", "0")
    database = urllib.parse.urlsplit(database_url).path.lstrip("/")
    with gunicorn(env, port, ROOT / "var" / "throughput-gunicorn.log") as server:
        sessions = []
        for _ in range(users):
            session = Session(port)
            session.login(admin_email, password)
            sessions.append(session)
        # Warm-up: every worker imports and renders each page before the clock starts, and
        # a page that does not answer 200 to this user stops the run here.
        for path in pages:
            for n in range(workers * 3):
                status, _ = sessions[n % users].request("GET", path)
                if status != 200:
                    raise SystemExit(f"{path} answers {status} to {admin_email}")
        results = {
            path: _run_page(sessions, path, seconds, CpuMeter(server.pid, database))
            for path in pages
        }
        for session in sessions:
            session.close()

    requests = sum(r["requests"] for r in results.values())
    elapsed = sum(r["seconds"] for r in results.values())
    cpu_total = None
    if all(r["cpu"] for r in results.values()):
        cpu_total = {
            k: round(sum(r["cpu"][k] for r in results.values()), 2)
            for k in ("client_s", "gunicorn_s", "postgres_s", "machine_s", "other_s")
        }
    return {
        "settings": {
            "workers": workers,
            "worker_class": "sync",
            "gunicorn_cmd_args": os.environ.get("GUNICORN_CMD_ARGS", ""),
            "users": users,
            "seconds_per_page": seconds,
            "cpus": os.cpu_count(),
            "database": redact(database_url),
            "user": admin_email,
        },
        "pages": results,
        "total": {
            "requests": requests,
            "seconds": round(elapsed, 2),
            "requests_per_s": round(requests / elapsed, 2),
            "errors": sum(r["errors"] for r in results.values()),
            "cpu": cpu_total,
        },
    }


def print_table(result: dict) -> None:
    s = result["settings"]
    extra = f" ({s['gunicorn_cmd_args']})" if s["gunicorn_cmd_args"] else ""
    print(
        f"gunicorn: {s['workers']} workers{extra}, {s['users']} concurrent users, "
        f"{s['seconds_per_page']:g} s per page, {s['cpus']} CPUs; {s['database']}"
    )
    print(
        f"{'page':28} {'requests':>8} {'req/s':>7} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7}"
        f"  CPU ms/request (gunicorn + PostgreSQL)"
    )
    for path, r in result["pages"].items():
        cpu = r["cpu"] or {}
        per_request = (
            f"  {cpu['gunicorn_ms_per_request']:.0f} + {cpu['postgres_ms_per_request']:.0f}"
            if "gunicorn_ms_per_request" in cpu
            else ""
        )
        print(
            f"{path[:28]:28} {r['requests']:8} {r['requests_per_s']:7.1f} {r['errors']:6} "
            f"{r['p50_ms']:7.0f} {r['p95_ms']:7.0f}{per_request}"
        )
        if r["error_kinds"]:
            print(f"{'':28} errors: {r['error_kinds']}")
    t = result["total"]
    print(f"{'total':28} {t['requests']:8} {t['requests_per_s']:7.1f} {t['errors']:6}")
    cpu = t["cpu"]
    if cpu:
        share = 100 / t["seconds"]
        print(
            f"CPU while measuring (100 % = one core, {s['cpus'] * 100} % = all): "
            f"gunicorn workers {cpu['gunicorn_s'] * share:.0f} %, "
            f"PostgreSQL {cpu['postgres_s'] * share:.0f} %, "
            f"load generator {cpu['client_s'] * share:.0f} %, "
            f"everything else {cpu['other_s'] * share:.0f} %"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL", ""),
        help="PostgreSQL URL (default: $BENCH_DATABASE_URL, else $DATABASE_URL)",
    )
    parser.add_argument("--email", help=f"login (default with --demodata: {DEMO_ADMIN})")
    parser.add_argument("--password", help="password (default with --demodata: the demo one)")
    parser.add_argument("--seconds", type=float, default=30, help="per page (default 30)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--users", type=int, default=4, help="concurrent clients (default 4)")
    parser.add_argument(
        "--page", action="append", dest="pages", help=f"path (repeatable; default {DEFAULT_PAGES})"
    )
    parser.add_argument(
        "--demodata", action="store_true", help="migrate and load the demo data if empty"
    )
    parser.add_argument("--json", help="write the result here as JSON")
    args = parser.parse_args()
    if not is_postgres(args.database_url):
        parser.error("--database-url (or BENCH_DATABASE_URL / DATABASE_URL) must be PostgreSQL")
    email = args.email or (DEMO_ADMIN if args.demodata else None)
    password = args.password or (
        os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD) if args.demodata else None
    )
    if not email or not password:
        parser.error("--email and --password are needed unless --demodata")
    result = measure(
        args.database_url,
        admin_email=email,
        password=password,
        seconds=args.seconds,
        workers=args.workers,
        users=args.users,
        pages=args.pages,
        demodata=args.demodata,
    )
    print_table(result)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    if result["total"]["errors"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
