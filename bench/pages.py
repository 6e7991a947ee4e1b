"""Server time of the portal's heavy pages on a generated database, and the time of their SQL
alone (the floor), through Django's test client in this process.

    .venv/bin/python bench/pages.py --database-url postgres://…/bench_full [--repeats 30] [--json out]

For each page: one warm-up request, then ``--repeats`` timed requests (median and p95 of the
wall time of ``Client.get``: middleware, views, queries, templates; no network). One more
request runs under ``CaptureQueriesContext`` to count the queries and keep their SQL; that SQL
is then replayed ``--repeats`` times on a raw cursor (the reads, results fetched; the writes, the
session and the audit entry, cannot be replayed as they are, so their time in the captured
request is added) and its median is the floor. Page ÷ floor says how much of the page is Python and templates.

The framework floor: the same user's cheapest real page through the same middleware, measured the
same way: «Bytt passord» (``/konto/password/change/``, in every user's account menu: the
session, the user, the access and MFA middleware, the base layout with its menu, a form of three
fields, and no data of the portal's own). Page ÷ framework floor says how much a page costs
beyond what any page of this site costs (target ≤ 1.5); «page ÷ SQL» says little for a page
whose figures are precomputed. Each timed request of a page follows one of the floor, and the
ratio is of the two medians: measured in the same seconds, a machine whose load changes during
the run moves both alike (the floor's own row is measured alone first).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REPEATS = 30
FRAMEWORK_FLOOR = ("Rammeverksgulv: Bytt passord", "/konto/password/change/")


@dataclass
class PageResult:
    name: str
    url: str
    user: str
    status: int
    median_ms: float
    p95_ms: float
    queries: int
    sql_ms: float
    ratio: float
    bytes: int
    floor_ms: float = 0.0  # the framework floor's median, measured beside the page
    floor_ratio: float = 0.0  # median ÷ floor_ms


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def pages_for(biggest_slug: str) -> list[tuple[str, str, str]]:
    """(name, url, which login) of the pages the issue names."""
    from generate import ADMIN_EMAIL, LEADER_EMAIL

    return [
        ("Dashbord, fylket", "/dashbord/", ADMIN_EMAIL),
        ("Dashbord, ett lokallag", "/dashbord/", LEADER_EMAIL),
        ("Medlemsliste, søk + filter", "/medlemmer/?q=hansen&kjonn=K", ADMIN_EMAIL),
        ("Medlemsliste, eget lag", "/medlemmer/", LEADER_EMAIL),
        ("Aktiviteter", "/aktiviteter/", ADMIN_EMAIL),
        ("Lokallag", f"/lokallag/{biggest_slug}/", ADMIN_EMAIL),
    ]


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buskerud_sp.settings")
    os.environ.setdefault("REQUIRE_MFA_FOR_STAFF", "false")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    # A fixed Fernet key (the bench database holds no real second factor).
    os.environ.setdefault("MFA_ENCRYPTION_KEYS", "YmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtYmVuY2gtMzI=")
    from common import BENCH_AUDIT_HMAC_KEY

    os.environ.setdefault("AUDIT_HMAC_KEY", BENCH_AUDIT_HMAC_KEY)
    os.environ.setdefault("AUDIT_ANCHOR_FILE", str(ROOT / "var" / "bench-audit-anchors.log"))
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command

    # Production settings serve hashed static files from the manifest.
    call_command("collectstatic", interactive=False, verbosity=0)


def replay(statements: list[str], repeats: int) -> list[float]:
    from django.db import connection, transaction

    timings = []
    for _ in range(repeats):
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    started = time.perf_counter()
                    for sql in statements:
                        cursor.execute(sql)
                        if cursor.description is not None:
                            cursor.fetchall()
                    timings.append(time.perf_counter() - started)
                raise _Rollback
        except _Rollback:
            pass
    return timings


class _Rollback(Exception):
    pass


def measure_page(
    client, name: str, url: str, email: str, repeats: int, *, beside: str = ""
) -> PageResult:
    """With ``beside`` (the framework floor's URL), each request of the page follows one of
    that page, and ``floor_ms`` is their median: the two are measured in the same seconds, so
    a machine that gets busier or quieter during the run moves both alike."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)  # warm-up: imports, template loading, plan caches
    timings, beside_timings = [], []
    for _ in range(repeats):
        if beside:
            started = time.perf_counter()
            client.get(beside)
            beside_timings.append(time.perf_counter() - started)
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = captured.captured_queries
    # Reads are replayed; writes (session, audit entry) cannot be replayed as they are
    # (unique keys), so their time inside the captured request is added.
    reads = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    writes = sum(float(q["time"]) for q in queries if q["sql"] not in reads)
    floor = statistics.median(replay(reads, repeats)) + writes
    median = statistics.median(timings)
    return PageResult(
        name=name,
        url=url,
        user=email.split("@")[0],
        status=response.status_code,
        median_ms=median * 1000,
        p95_ms=percentile(timings, 95) * 1000,
        queries=len(queries),
        sql_ms=floor * 1000,
        ratio=median / floor if floor else float("inf"),
        bytes=len(response.content),
        floor_ms=statistics.median(beside_timings) * 1000 if beside_timings else 0.0,
    )


def measure(
    database_url: str, repeats: int = REPEATS, log=print, only: str = ""
) -> tuple[list[PageResult], dict[str, PageResult]]:
    """The pages (those whose name contains ``only``, when given), and each user's framework
    floor (by user)."""
    setup(database_url)
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client

    from lokallag.models import Lokallag

    biggest = Lokallag.objects.lokallag().annotate(n=Count("medlemmer")).order_by("-n").first().slug
    clients: dict[str, Client] = {}
    floors: dict[str, PageResult] = {}
    results = []
    for name, url, email in pages_for(biggest):
        if only.lower() not in name.lower():
            continue
        if email not in clients:
            clients[email] = Client()
            clients[email].force_login(get_user_model().objects.get(email=email))
            floor = measure_page(clients[email], *FRAMEWORK_FLOOR, email, repeats)
            floor.floor_ms, floor.floor_ratio = floor.median_ms, 1.0
            floors[floor.user] = floor
            log(
                f"  {floor.name} ({floor.user}) {floor.status} median {floor.median_ms:7.1f} ms"
                f"  p95 {floor.p95_ms:7.1f} ms  {floor.queries:3} queries  SQL "
                f"{floor.sql_ms:6.1f} ms"
            )
        result = measure_page(clients[email], name, url, email, repeats, beside=FRAMEWORK_FLOOR[1])
        result.floor_ratio = result.median_ms / result.floor_ms
        log(
            f"  {name:28} {result.status} median {result.median_ms:7.1f} ms  p95 "
            f"{result.p95_ms:7.1f} ms  {result.queries:3} queries  SQL {result.sql_ms:6.1f} ms"
            f"  ×{result.ratio:4.1f}  ÷ framework floor ×{result.floor_ratio:4.2f}"
        )
        results.append(result)
    return results, floors


def figures_seconds() -> float:
    """What the worker does after each change (and a page does when nobody has yet): every
    target of this year measured over the whole party."""
    from django.utils import timezone

    from aktiviteter.dashbord.selectors import compute_results

    today = timezone.localdate()
    started = time.perf_counter()
    compute_results(today.year, today)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--json", help="write the results here as JSON")
    parser.add_argument(
        "--only", default="", help="only the pages whose name contains this (no figures step)"
    )
    args = parser.parse_args()
    results, floors = measure(args.database_url, args.repeats, only=args.only)
    if args.only:
        return
    figures = figures_seconds()
    print(f"  The dashboard's figures computed (after a change): {figures:.1f} s")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "pages": [asdict(r) for r in results],
                    "framework_floor": {user: asdict(r) for user, r in floors.items()},
                    "figures_s": figures,
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
