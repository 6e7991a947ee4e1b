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

import datetime
import time
from collections import Counter

from common import fanout_main, free_port, prepare, timed_fanout

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

    if "nyhetsbrev" not in BUILDERS:
        raise SystemExit("No builder is registered for the newsletters' mail (Art.NYHETSBREV).")
    started = time.monotonic()
    draft, sender = setup_data(recipients)
    setup_seconds = time.monotonic() - started

    def kick(run):
        sent = utsending_send(utsending=draft, bruker=sender, ip="127.0.0.1")
        return sent, time.monotonic() - run.t0

    run, (sent, rows_made) = timed_fanout(env, recipients, port, pool, concurrency, timeout, kick)
    statuses = Counter(Paaminnelse.objects.values_list("status", flat=True))
    if sent.epost != recipients:
        run.errors.append(f"utsending_send made {sent.epost} rows, not {recipients}")
    run.check_deliveries(statuses, {f"m{i:06d}@{DOMAIN}" for i in range(recipients)})
    sample, message = run.sample()
    if message is not None:
        if SUBJECT not in (message["Subject"] or "") or not message["To"].endswith("@" + DOMAIN):
            run.errors.append(f"the sample mail is wrong: {sample}")
        if "One-Click" not in (message["List-Unsubscribe-Post"] or ""):
            run.errors.append("the sample mail has no one-click unsubscribe")
    # This process: utsending_send (the rows) and the SMTP sink.
    figures = run.figures(this_process="bench_ms_per_mail")
    return run.result(
        statuses,
        figures,
        pool,
        concurrency,
        rows_made_seconds=round(rows_made, 2),
        sample=sample,
        setup_seconds=round(setup_seconds, 2),
    )


def main() -> None:
    fanout_main(
        __doc__.split("\n\n")[0],
        measure,
        label="Newsletter fan-out",
        env_prefix="BENCH_NYHETSBREV",
        database="bsp_nyhetsbrev",
        timeout=600,
    )


if __name__ == "__main__":
    main()
