"""Reminder fan-out (issue: "the Tuesday reminder to 10,000 recipients through a real worker on
Redis into a local SMTP sink"): prints mails/s.

    BENCH_FANOUT_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bsp_fanout \
        .venv/bin/python bench/fanout.py --redis-url redis://127.0.0.1:6379/8

What runs, as in production:

* the database is PostgreSQL, one of its own (created if missing, then migrated). It holds
  exactly N members who get the Tuesday reminder: current members with an address, consent to
  reminders and an elected office (the rule's default group, «tillitsvalgte og folkevalgte»),
  made with bulk_create (not timed). The other rules of the rhythm are paused, so the one mail
  measured is the reminder «the evening before», set to have fallen due a minute ago for the
  call tomorrow at 19:30. The database is left in place (a re-run reuses the members; drop it
  with ``dropdb``).
* a minimal SMTP sink on a free loopback port, in this process (asyncio in a thread:
  bench/common.py ``Sink``), counting messages and recipients. Until November 2026 this was
  aiosmtpd, which cost about 1.2 ms of CPU per mail on the same 2 cores; figures before and
  after that change are not quite comparable (the worker has more of the machine now);
* a real Celery worker (``celery -A buskerud_sp worker``, prefork) on Redis with the
  production settings (DEBUG off) and ``EMAIL_URL=smtp://127.0.0.1:<port>``.

The clock starts when the job the beat tick queues (``aktiviteter.tasks.plan_reminders``) is
sent to the broker and stops when the sink has received N mails: it covers planning the rows
and sending them. Errors are rows not sent (failed, retrying, skipped, still pending),
recipients missing from the sink and mails received twice. Figures depend on the machine:
they are printed, not asserted; the CPU per mail (worker, sink, rest of the machine) shows how
much other load skewed them.

The worker runs ``--concurrency 2`` by default (prefork, one process per core): the work is
CPU-bound (rendering and encoding each MIME message costs more than the database and SMTP
waits), and 3 or 4 processes measured the same within noise on 2 cores.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter

from common import fanout_main, free_port, prepare, timed_fanout

DOMAIN = "fanout.bench.invalid"


def setup_data(recipients: int) -> dict:
    """N members who get the Tuesday reminder, a call tomorrow whose reminder «the evening
    before» fell due a minute ago, every other rule paused, no delivery rows."""
    from django.db import transaction
    from django.utils import timezone

    from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Status
    from aktiviteter.paaminnelser.models import (
        Art,
        Mottakere,
        Paaminnelse,
        Paaminnelsesregel,
        Regeltype,
    )
    from aktiviteter.paaminnelser.services.mottakere import mottakere_for
    from lokallag.models import Lokallag, Niva
    from medlemmer.models import Medlem

    with transaction.atomic():
        county = Lokallag.objects.fylkeslag().first() or Lokallag.objects.create(
            navn="Buskerud Senterparti", slug="buskerud", niva=Niva.FYLKE
        )
        chapter, _ = Lokallag.objects.get_or_create(
            slug="fanout-benk", defaults={"navn": "Fanout-benk Senterparti", "niva": Niva.LOKAL}
        )
        Paaminnelse.objects.all().delete()
        Aktivitet.objects.filter(type=Aktivitetstype.TIRSDAGSMOTE).delete()
        members = Medlem.objects.filter(epost__endswith="@" + DOMAIN)
        if members.count() != recipients:
            members.delete()
            Medlem.objects.bulk_create(
                (
                    Medlem(
                        fornavn=f"Mottaker{i}",
                        etternavn="Benk",
                        epost=f"m{i:06d}@{DOMAIN}",
                        lokallag=chapter,
                        innmeldt=datetime.date(2020, 1, 1),
                        folkevalgt=True,
                        folkevalgt_verv="Benk kommunestyre",
                        samtykke_paaminnelser=True,
                    )
                    for i in range(recipients)
                ),
                batch_size=2000,
            )
        regler = Paaminnelsesregel.objects.sikre_standard()
        # The call's own rule stays on: a call its rhythm does not hold gets no reminders.
        Paaminnelsesregel.objects.exclude(
            nokkel__in=[Regeltype.TIRSDAG_KVELDEN_FOR, Regeltype.TIRSDAGSMOTE]
        ).update(aktiv=False)
        # No day off moves or cancels the measured call, whatever the date of the run.
        Paaminnelsesregel.objects.filter(nokkel=Regeltype.TIRSDAGSMOTE).update(
            aktiv=True, pause_fra=None, pause_til=None, hopp_over_helligdager=False
        )
        now = timezone.localtime().replace(second=0, microsecond=0)
        due = now - datetime.timedelta(minutes=1)
        starts = datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=1), datetime.time(19, 30), now.tzinfo
        )
        regel = regler[Regeltype.TIRSDAG_KVELDEN_FOR]
        regel.aktiv, regel.mottakere = True, Mottakere.TILLITSVALGTE_OG_FOLKEVALGTE
        regel.klokkeslett, regel.dager = due.time(), (starts.date() - due.date()).days
        regel.pause_fra = regel.pause_til = None
        regel.hopp_over_helligdager = False
        regel.save()
        call = Aktivitet.objects.create(
            type=Aktivitetstype.TIRSDAGSMOTE,
            enhet=county,
            tittel="Tirsdagsmøte med stortingsrepresentanten",
            dato=starts.date(),
            starttid=starts.time(),
            sluttid=datetime.time(20, 30),
            digitalt=True,
            nettlenke="Ring 23 50 00 00, PIN 2024#",
            status=Status.PLANLAGT,
        )
    resolved = mottakere_for(regel.mottakere, Art.TIRSDAG_PAAMINNELSE, aktivitet=call)
    if len(resolved.medlem_ids) + len(resolved.bruker_ids) != recipients:
        raise SystemExit(
            f"{len(resolved.medlem_ids)} members and {len(resolved.bruker_ids)} admins would "
            f"get the reminder, not {recipients}: the database holds other recipients."
        )
    return {"call": call.pk, "call_starts": starts.isoformat()}


def measure(
    database_url: str,
    redis_url: str,
    recipients: int = 10_000,
    *,
    concurrency: int = 2,
    pool: str = "prefork",
    timeout: float = 300,
) -> dict:
    """Run the fan-out once and return the figures. Sets up Django in this process (with the
    benchmark's settings) if it is not set up yet."""
    port = free_port()
    env = prepare(database_url, redis_url, port)
    from aktiviteter.paaminnelser.models import Paaminnelse
    from buskerud_sp.celery import app

    started = time.monotonic()
    setup = setup_data(recipients)
    setup_seconds = time.monotonic() - started

    def kick(run):
        app.send_task("aktiviteter.tasks.plan_reminders")  # what the beat tick queues

    run, _ = timed_fanout(env, recipients, port, pool, concurrency, timeout, kick)
    statuses = Counter(Paaminnelse.objects.values_list("status", flat=True))
    run.check_deliveries(statuses, {f"m{i:06d}@{DOMAIN}" for i in range(recipients)})
    sample, message = run.sample()
    if message is not None:
        if not message["To"].endswith("@" + DOMAIN) or not (message["Subject"] or "").strip():
            run.errors.append(f"the sample mail is wrong: {sample}")
        body = message.get_body(("plain",))
        if body is None or "tirsdagsmøte" not in body.get_content():
            run.errors.append("the sample mail does not mention the Tuesday call")
    figures = run.figures(this_process="sink_ms_per_mail")
    return run.result(
        statuses,
        figures,
        pool,
        concurrency,
        sample=sample,
        setup_seconds=round(setup_seconds, 2),
        **setup,
    )


def main() -> None:
    fanout_main(
        __doc__.split("\n\n")[0],
        measure,
        label="Reminder fan-out",
        env_prefix="BENCH_FANOUT",
        database="bsp_fanout",
        timeout=300,
    )


if __name__ == "__main__":
    main()
