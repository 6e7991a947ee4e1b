"""Newsletter fan-out (issue #19: "a newsletter to 10,000 members measured in `make bench`"):
prints mails/s, measured the same way as the reminders' fan-out (bench/fanout.py).

    .venv/bin/python bench/nyhetsbrev.py \
        --database-url postgres://postgres@127.0.0.1:5432/bsp_nyhetsbrev \
        --redis-url redis://127.0.0.1:6379/8

What runs, as in production: a PostgreSQL database of its own (created if missing, migrated)
with exactly N current members who consented to the county's newsletter (bulk_create, not
timed); the minimal SMTP sink of bench/common.py on a free loopback port in this process; a real Celery worker on Redis
with the production settings (DEBUG off) sending over ``EMAIL_URL=smtp://127.0.0.1:<port>``.

The clock starts when the county's newsletter is sent with ``utsending_send`` (the service the
send button calls: the checks, one delivery row per member, the audit entry, and the sender
jobs queued after the commit) and stops when the sink has received N mails. Each mail is the
newsletter's own (the list's consent checked at send time, its one-click unsubscribe headers).
Errors are rows not sent, recipients missing and mails received twice.
"""

from __future__ import annotations

import argparse
import datetime
import email
import email.policy
import json
import os
import time
from collections import Counter
from pathlib import Path

from common import (
    Run,
    Sink,
    free_port,
    prepare,
    start_worker,
    stop_worker,
    wait_for_worker,
)

DOMAIN = "nyhetsbrev.bench.invalid"
SENDER = f"bench-fylke@{DOMAIN}"
SUBJECT = "Nytt fra fylkeslaget: benkmåling"


def setup_data(recipients: int):
    """N members on the county's list, a sender for the county, and a fresh draft; no
    delivery rows. Returns (the draft, the sender)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from aktiviteter.paaminnelser.models import Paaminnelse
    from aktiviteter.utsendinger.models import Utsending
    from lokallag.models import Lokallag, Niva
    from medlemmer.models import Medlem

    with transaction.atomic():
        county = Lokallag.objects.fylkeslag().first() or Lokallag.objects.create(
            navn="Buskerud Senterparti", slug="buskerud", niva=Niva.FYLKE
        )
        chapter, _ = Lokallag.objects.get_or_create(
            slug="nyhetsbrev-benk",
            defaults={"navn": "Nyhetsbrev-benk Senterparti", "niva": Niva.LOKAL},
        )
        Paaminnelse.objects.all().delete()
        Utsending.objects.all().delete()
        members = Medlem.objects.filter(epost__endswith="@" + DOMAIN)
        if members.count() != recipients or Medlem.objects.count() != recipients:
            Medlem.objects.all().delete()
            Medlem.objects.bulk_create(
                (
                    Medlem(
                        fornavn=f"Mottaker{i}",
                        etternavn="Benk",
                        epost=f"m{i:06d}@{DOMAIN}",
                        lokallag=chapter,
                        innmeldt=datetime.date(2020, 1, 1),
                        samtykke_fylket=True,
                    )
                    for i in range(recipients)
                ),
                batch_size=2000,
            )
        User = get_user_model()
        sender = User.objects.filter(email=SENDER).first() or User.objects.create_superuser(
            SENDER, None
        )
        draft = Utsending.objects.create(
            avsender=county,
            emne=SUBJECT,
            tekst="Kjære medlem!\n\nFylkestinget har vedtatt budsjettet.\n\n- Veier\n- Skoler",
            opprettet_av=sender,
        )
    return draft, sender


def measure(
    database_url: str,
    redis_url: str,
    recipients: int = 10_000,
    *,
    concurrency: int = 2,
    pool: str = "prefork",
    timeout: float = 600,
) -> dict:
    port = free_port()
    # The cache beside the broker, in the benchmark's own Redis database (keys apart).
    env = prepare(
        database_url,
        redis_url,
        port,
        CACHE_URL=redis_url,
        CACHE_KEY_PREFIX="bsp-bench-nyhetsbrev",
    )
    from aktiviteter.paaminnelser.models import Paaminnelse
    from aktiviteter.paaminnelser.services.innhold import BUILDERS
    from aktiviteter.utsendinger.services.sending import utsending_send
    from buskerud_sp.celery import app

    if "nyhetsbrev" not in BUILDERS:
        raise SystemExit("No builder is registered for the newsletters' mail (Art.NYHETSBREV).")
    started = time.monotonic()
    draft, sender = setup_data(recipients)
    setup_seconds = time.monotonic() - started

    sink = Sink(port, watch=recipients)
    sink.start()
    app.control.purge()
    worker = start_worker(env, pool, concurrency)
    run = Run(sink, worker, recipients)
    try:
        wait_for_worker(app, worker)
        run.start()
        sent = utsending_send(utsending=draft, bruker=sender, ip="127.0.0.1")
        rows_made = time.monotonic() - run.t0
        run.wait(timeout)
    finally:
        stop_worker(worker)
        sink.stop()

    statuses = Counter(Paaminnelse.objects.values_list("status", flat=True))
    if sent.epost != recipients:
        run.errors.append(f"utsending_send made {sent.epost} rows, not {recipients}")
    run.check_deliveries(statuses, {f"m{i:06d}@{DOMAIN}" for i in range(recipients)})
    sample = {}
    if sink.first is not None:
        message = email.message_from_bytes(sink.first, policy=email.policy.default)
        sample = {"to": message["To"], "subject": message["Subject"]}
        if SUBJECT not in (message["Subject"] or "") or not message["To"].endswith("@" + DOMAIN):
            run.errors.append(f"the sample mail is wrong: {sample}")
        if "One-Click" not in (message["List-Unsubscribe-Post"] or ""):
            run.errors.append("the sample mail has no one-click unsubscribe")
    # This process: utsending_send (the rows) and the SMTP sink.
    figures = run.figures(this_process="bench_ms_per_mail")
    return {
        **figures,
        "errors": len(run.errors),
        "error_details": run.errors,
        "rows_made_seconds": round(rows_made, 2),
        "delivery_rows": dict(statuses),
        "sample": sample,
        "sink": "bench/common.py Sink (asyncio, minimal SMTP)",
        "worker": {"pool": pool, "concurrency": concurrency, "cpus": os.cpu_count()},
        "setup_seconds": round(setup_seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_NYHETSBREV_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bsp_nyhetsbrev"
        ),
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_NYHETSBREV_REDIS_URL", "redis://127.0.0.1:6379/8"),
    )
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--pool", default="prefork", choices=["prefork", "threads", "solo"])
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--json", help="write the result here as JSON")
    args = parser.parse_args()
    result = measure(
        args.database_url,
        args.redis_url,
        args.recipients,
        concurrency=args.concurrency,
        pool=args.pool,
        timeout=args.timeout,
    )
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(
        f"\nNewsletter fan-out: {result['mails_received']}/{result['recipients']} mails in "
        f"{result['seconds']} s = {result['mails_per_second']} mails/s, "
        f"{result['errors']} errors ({result['worker']['pool']} x "
        f"{result['worker']['concurrency']})"
    )


if __name__ == "__main__":
    main()
