"""`make bench`: the portal at national scale, measured in one run; writes bench/RESULTS.md.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/buskerud_sp make bench

Needs PostgreSQL (``DATABASE_URL``; the benchmark makes databases of its own next to it:
``bench_national``, ``bench_tenth``, ``bench_fanout``, ``bench_nyhetsbrev`` and
``bench_dashbord``, a copy of the national one that the dashboard step writes to) and Redis (``REDIS_URL``, default
``redis://127.0.0.1:6379``; databases 12–14 are used). Steps, each in a process of its own:

1. the synthetic party (bench/generate.py) at full scale and at 10 %, loaded with COPY and
   timed (kept between runs: ``--regenerate`` loads them again);
2. the pages (bench/pages.py): median and p95 of ≥ 30 requests, queries, the SQL floor,
   at both scales, and the login (bench/login.py): median and p95 of 30 password logins;
   the dashboard's figures after one change of each kind (bench/dashboard_change.py, on a
   fresh copy of the national data): until they are ready, and the first page after;
3. throughput under gunicorn with 2 workers (bench/throughput.py), 30 s per page;
4. the Tuesday reminder to 10,000 recipients through a real worker into an SMTP sink
   (bench/fanout.py), and the county's newsletter to 10,000 members the same way, the rows made
   by ``utsending_send`` (bench/nyhetsbrev.py);
5. the import of a 100,000-row register file against COPY of the same rows
   (bench/import_copy.py).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from common import with_db

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
PY = sys.executable
SECONDS_PER_PAGE = 30


REUSE: set[str] = set()


def run(*args: str, env: dict | None = None) -> None:
    """Run a step's script; with ``--reuse`` a step whose JSON an earlier run left is kept."""
    out = Path(args[args.index("--json") + 1]) if "--json" in args else None
    if out is not None and out.exists() and out.stem in REUSE:
        print(f"{out.name}: kept from the earlier run", flush=True)
        return
    print("$", " ".join(args[1:]), flush=True)
    subprocess.run([PY, *args], cwd=ROOT, env={**os.environ, **(env or {})}, check=True)


def copy_database(server_url: str, source: str, target: str) -> None:
    """``target`` made afresh as a copy of ``source`` (nobody may be connected to it)."""
    import psycopg2

    connection = psycopg2.connect(with_db(server_url, "postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cursor.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
    connection.close()


def psql_scalar(url: str, sql: str) -> str:
    import psycopg2

    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    connection.close()
    return "" if row is None else str(row[0])


def recreate(server_url: str, name: str) -> None:
    import psycopg2

    connection = psycopg2.connect(with_db(server_url, "postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def kept_up_to_date(url: str) -> None:
    """A kept database gets the migrations (indexes) added since it was loaded, and a VACUUM
    as after loading (bench/generate.py): the visibility map that index-only scans need."""
    import psycopg2

    run("manage.py", "migrate", "--noinput", "-v", "0", env={"DATABASE_URL": url})
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    connection.close()


def generated(server_url: str, name: str, scale: float, regenerate: bool) -> dict:
    """The database at the given scale, generated unless an earlier run left it complete."""
    marker = OUT / f"{name}.json"
    if not regenerate and marker.exists():
        try:
            if int(psql_scalar(with_db(server_url, name), "SELECT count(*) FROM medlemmer_medlem")):
                print(f"{name}: kept from {json.loads(marker.read_text())['at']}")
                kept_up_to_date(with_db(server_url, name))
                return json.loads(marker.read_text())
        except Exception as exc:
            print(f"{name}: {exc}; generating again")
    recreate(server_url, name)
    result_file = OUT / f"{name}.generate.json"
    run(
        "bench/generate.py",
        "--database-url",
        with_db(server_url, name),
        "--scale",
        str(scale),
        "--json",
        str(result_file),
    )
    result = json.loads(result_file.read_text())
    result["at"] = datetime.datetime.now().isoformat(timespec="seconds")
    marker.write_text(json.dumps(result, indent=1))
    return result


def machine(server_url: str, redis_url: str) -> dict:
    import redis

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        line.split()[1]
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    import django

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(int(memory) / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": psql_scalar(with_db(server_url, "postgres"), "SHOW server_version"),
        "redis": redis.Redis.from_url(redis_url).info()["redis_version"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--regenerate", action="store_true", help="load the data again")
    parser.add_argument("--seconds", type=float, default=SECONDS_PER_PAGE)
    parser.add_argument(
        "--reuse",
        action="append",
        default=[],
        metavar="STEP",
        help="keep an earlier run's figures of a step (pages-full, pages-tenth, "
        "dashboard_change, throughput, login, fanout, nyhetsbrev, import); repeatable",
    )
    args = parser.parse_args()
    REUSE.update(args.reuse)
    server_url = os.environ.get("DATABASE_URL", "")
    if not server_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(
            "make bench needs DATABASE_URL to PostgreSQL, e.g. "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/buskerud_sp make bench"
        )
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379"
    OUT.mkdir(parents=True, exist_ok=True)
    cache_url = with_db(redis_url, "12")
    page_env = {"CACHE_URL": cache_url}
    started = datetime.datetime.now()

    results: dict = {"machine": machine(server_url, redis_url), "started": started.isoformat()}
    results["generate"] = {
        "full": generated(server_url, "bench_national", 1.0, args.regenerate),
        "tenth": generated(server_url, "bench_tenth", 0.1, args.regenerate),
    }
    for key, name in (("full", "bench_national"), ("tenth", "bench_tenth")):
        out = OUT / f"pages-{key}.json"
        run(
            "bench/pages.py",
            "--database-url",
            with_db(server_url, name),
            "--json",
            str(out),
            env=page_env,
        )
        results.setdefault("pages", {})[key] = json.loads(out.read_text())
    from generate import ADMIN_EMAIL, PASSWORD

    out = OUT / "dashboard_change.json"
    if not (out.exists() and out.stem in REUSE):
        copy_database(server_url, "bench_national", "bench_dashbord")
    run(
        "bench/dashboard_change.py",
        "--database-url",
        with_db(server_url, "bench_dashbord"),
        "--json",
        str(out),
        env=page_env,
    )
    results["dashboard_change"] = json.loads(out.read_text())
    out = OUT / "login.json"
    run(
        "bench/login.py",
        "--database-url",
        with_db(server_url, "bench_national"),
        "--email",
        ADMIN_EMAIL,
        "--password",
        PASSWORD,
        "--json",
        str(out),
        env=page_env,
    )
    results["login"] = json.loads(out.read_text())
    out = OUT / "throughput.json"

    run(
        "bench/throughput.py",
        "--database-url",
        with_db(server_url, "bench_national"),
        "--email",
        ADMIN_EMAIL,
        "--password",
        PASSWORD,
        "--seconds",
        str(args.seconds),
        "--page",
        "/dashbord/",
        "--page",
        "/medlemmer/?q=hansen&kjonn=K",
        "--json",
        str(out),
        env={**page_env, "CACHE_URL": with_db(redis_url, "13")},
    )
    results["throughput"] = json.loads(out.read_text())
    out = OUT / "fanout.json"
    run(
        "bench/fanout.py",
        "--database-url",
        with_db(server_url, "bench_fanout"),
        "--redis-url",
        with_db(redis_url, "14"),
        "--json",
        str(out),
    )
    results["fanout"] = json.loads(out.read_text())
    out = OUT / "nyhetsbrev.json"
    run(
        "bench/nyhetsbrev.py",
        "--database-url",
        with_db(server_url, "bench_nyhetsbrev"),
        "--redis-url",
        with_db(redis_url, "14"),
        "--json",
        str(out),
    )
    results["nyhetsbrev"] = json.loads(out.read_text())
    out = OUT / "import.json"
    run(
        "bench/import_copy.py",
        "--database-url",
        with_db(server_url, "bench_national"),
        "--json",
        str(out),
    )
    results["import"] = json.loads(out.read_text())
    soak = OUT / "soak.json"  # `make soak` is a run of its own: its last figures are kept
    if soak.exists():
        results["soak"] = json.loads(soak.read_text())
    results["seconds"] = round((datetime.datetime.now() - started).total_seconds())
    results["reused"] = sorted(REUSE)
    (OUT / "results.json").write_text(json.dumps(results, indent=1, default=str))
    from report import write_report

    write_report(results, ROOT / "bench" / "RESULTS.md")
    print(f"Wrote bench/RESULTS.md ({results['seconds']} s)")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT))
    main()
