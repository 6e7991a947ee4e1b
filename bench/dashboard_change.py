"""The dashboard's figures after a change: how long until the figures of the new data version
are ready (what the worker does after each committed change), and how long the first page
after the change takes when the worker has not yet computed them (the page updates the
figures of its own language itself).

    .venv/bin/python bench/dashboard_change.py --database-url postgres://…/bench_copy [--json out]

It WRITES to the database (one change of each kind, committed): give it a copy of the
benchmark database, never the one the pages are measured on. Each kind of change — a new
activity in the biggest chapter, a new member there, an office taken there, a study session's
attendance changed — is made twice: once followed by the worker's refresh (timed: wall and
CPU), once followed by a page (timed) before any refresh. The refresh of the whole party
before the change (every target measured, what every change cost before the figures were kept
in parts) is measured first, for comparison.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

ROUNDS = 3


def _biggest_chapter():
    from django.db.models import Count

    from lokallag.models import Lokallag

    return (
        Lokallag.objects.lokallag().aktive().annotate(n=Count("medlemmer")).order_by("-n").first()
    )


def _changes(today: datetime.date):
    """(name, function making one change) for each kind of change."""
    from django.db.models import Count

    from aktiviteter.aktivitet.models import Aktivitet
    from aktiviteter.dashbord.models import Maal, Maaling
    from aktiviteter.studier.models import Oppmote
    from lokallag.models import Rolle, Verv
    from medlemmer.models import Medlem

    chapter = _biggest_chapter()
    types = set(
        Maal.objects.for_aar(today.year)
        .filter(maaling=Maaling.AKTIVITETER)
        .values_list("aktivitetstype", flat=True)
    )
    # The target's type with the most activities this year (the costliest to measure).
    busiest = (
        Aktivitet.objects.filter(type__in=types, dato__year=today.year)
        .values("type")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("type", flat=True)
        .first()
    ) or "styremote"
    member = Medlem.objects.filter(lokallag=chapter, utmeldt__isnull=True).first()
    attendance = (
        Oppmote.objects.filter(samling__dato__year=today.year)
        .order_by("-samling__studietiltak__arrangor__medlemmer")
        .first()
        or Oppmote.objects.order_by("-pk").first()
    )
    counter = iter(range(10**6))

    def activity():
        Aktivitet.objects.create(
            type=busiest,
            enhet=chapter,
            tittel=f"Benchmark {next(counter)}",
            dato=today,
            status="avholdt",
        )

    def new_member():
        n = next(counter)
        Medlem.objects.create(
            fornavn="Bench",
            etternavn=f"Endring{n}",
            epost=f"bench-endring-{n}-{time.time_ns()}@example.invalid",
            lokallag=chapter,
            innmeldt=today,
        )

    def office():
        Verv.objects.create(
            medlem=member,
            enhet=chapter,
            rolle=Rolle.SENTERKVINNEKONTAKT,
            fra_dato=today - datetime.timedelta(days=next(counter) % 300),
        )

    def study_attendance():
        attendance.minutter = (attendance.minutter + 15) % 240
        attendance.save()

    return chapter, [
        (f"ny aktivitet ({busiest})", activity),
        ("nytt medlem", new_member),
        ("nytt verv", office),
        ("oppmøte på kurssamling", study_attendance),
    ]


def _target_label(maal) -> str:
    return f"{maal.maaling}({maal.kode})" if maal.kode else maal.maaling


def measure(database_url: str, log=print) -> dict:
    from pages import setup

    setup(database_url)
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone
    from generate import ADMIN_EMAIL

    from aktiviteter.dashbord import snapshot, tasks
    from aktiviteter.dashbord.selectors import compute_results
    from buskerud_sp.core import dataversion

    # This process is the worker: nothing is queued, the refresh is called and timed.
    dataversion._listeners[:] = [f for f in dataversion._listeners if f is not tasks.plan_refresh]
    today = timezone.localdate()
    aar = today.year

    started, cpu = time.perf_counter(), time.process_time()
    compute_results(aar, today)
    full = {"wall_s": time.perf_counter() - started, "cpu_s": time.process_time() - cpu}
    log(f"  Every target measured in full: {full['wall_s']:.2f} s ({full['cpu_s']:.2f} s CPU)")
    snapshot.refresh(aar, today)  # the figures of the current version, the starting point

    chapter, changes = _changes(today)
    client = Client()
    client.force_login(get_user_model().objects.get(email=ADMIN_EMAIL))
    client.get("/dashbord/")
    results = []
    for name, change in changes:
        ready, ready_cpu, first, second = [], [], [], []
        recomputed = ""
        for _round in range(ROUNDS):
            with transaction.atomic():
                change()
            started, cpu = time.perf_counter(), time.process_time()
            snapshot.refresh(aar, today)
            ready.append(time.perf_counter() - started)
            ready_cpu.append(time.process_time() - cpu)
            figures = snapshot.figures_for(aar, today)
            # By measurement and target: two targets may share a measurement (the courses of
            # «Det grønne hjulet» and of a «studiering» are both ``kurs``).
            recomputed = ", ".join(
                _target_label(figures.targets[pk].resultat.maal)
                + ":"
                + ("alt" if what is None else f"{len(what)} lag")
                for pk, what in figures.recomputed
            )
            # The page first: nobody has computed the figures of this version yet.
            with transaction.atomic():
                change()
            started = time.perf_counter()
            response = client.get("/dashbord/")
            first.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
            started = time.perf_counter()
            client.get("/dashbord/")
            second.append(time.perf_counter() - started)
            snapshot.refresh(aar, today)
        row = {
            "change": name,
            "ready_s": statistics.median(ready),
            "ready_max_s": max(ready),
            "ready_cpu_s": statistics.median(ready_cpu),
            "first_page_ms": statistics.median(first) * 1000,
            "first_page_max_ms": max(first) * 1000,
            "next_page_ms": statistics.median(second) * 1000,
            "recomputed": recomputed,
        }
        log(
            f"  {name:34} ready {row['ready_s']:.3f} s (max {row['ready_max_s']:.3f}, CPU "
            f"{row['ready_cpu_s']:.3f})  first page {row['first_page_ms']:6.1f} ms (max "
            f"{row['first_page_max_ms']:6.1f})  next {row['next_page_ms']:5.1f} ms"
        )
        log(f"    measured again: {recomputed}")
        results.append(row)
    return {"full": full, "chapter": chapter.navn, "rounds": ROUNDS, "changes": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--json", help="write the results here as JSON")
    args = parser.parse_args()
    result = measure(args.database_url)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
