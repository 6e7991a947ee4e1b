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
* an aiosmtpd SMTP sink on a free loopback port, in this process (a thread), counting messages
  and recipients;
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

import argparse
import base64
import datetime
import email
import email.policy
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from common import BENCH_AUDIT_HMAC_KEY, free_port, with_db

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = "fanout.bench.invalid"
LOG = ROOT / "var" / "bench-fanout-worker.log"


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process and its live children (the pool)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        pids += [int(p) for p in task.read_text().split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    tick = os.sysconf("SC_CLK_TCK")
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / tick, sum(values) / tick


def ensure_database(database_url: str) -> None:
    """Create the database if it is missing (connected to the server's ``postgres`` db)."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(database_url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"PostgreSQL only (got {parts.scheme}://): the worker writes in parallel.")
    name = parts.path.lstrip("/")
    if name in ("buskerud_sp", "test_buskerud_sp", "postgres", ""):
        raise SystemExit(f"Refusing database {name!r}: give the benchmark one of its own.")
    conn = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()


def bench_env(database_url: str, redis_url: str, smtp_port: int) -> dict[str, str]:
    """The production settings (DEBUG off) on the benchmark's database, broker and sink."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="buskerud_sp.settings",
        DEBUG="false",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        MFA_ENCRYPTION_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        AUDIT_HMAC_KEY=BENCH_AUDIT_HMAC_KEY,
        AUDIT_ANCHOR_FILE=str(ROOT / "var" / "bench-audit-anchors.log"),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        CELERY_BROKER_URL=redis_url,
        CACHE_URL=with_db(redis_url, 9),
        CACHE_KEY_PREFIX="bsp-bench-fanout",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


class Sink:
    """aiosmtpd handler: counts the mails per recipient and keeps the first one."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.messages = 0
        self.first: bytes | None = None
        self.first_at: float | None = None
        self.nth_at: dict[int, float] = {}
        self.watch: int | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        now = time.monotonic()
        if self.first is None:
            self.first, self.first_at = envelope.content, now
        self.received.update(envelope.rcpt_tos)
        self.messages += 1
        if self.watch is not None and self.messages >= self.watch and self.watch not in self.nth_at:
            self.nth_at[self.watch] = now
        return "250 Message accepted for delivery"


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
        Paaminnelsesregel.objects.exclude(nokkel=Regeltype.TIRSDAG_KVELDEN_FOR).update(aktiv=False)
        now = timezone.localtime().replace(second=0, microsecond=0)
        due = now - datetime.timedelta(minutes=1)
        starts = datetime.datetime.combine(
            timezone.localdate() + datetime.timedelta(days=1), datetime.time(19, 30), now.tzinfo
        )
        regel = regler[Regeltype.TIRSDAG_KVELDEN_FOR]
        regel.aktiv, regel.mottakere = True, Mottakere.TILLITSVALGTE_OG_FOLKEVALGTE
        regel.klokkeslett, regel.dager = due.time(), (starts.date() - due.date()).days
        regel.pause_fra = regel.pause_til = None
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


def start_worker(env: dict[str, str], pool: str, concurrency: int) -> subprocess.Popen:
    LOG.parent.mkdir(exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "buskerud_sp",
        "worker",
        "--pool",
        pool,
        "--concurrency",
        str(concurrency),
        "--hostname",
        f"fanout-{os.getpid()}@%h",
        "--loglevel",
        "WARNING",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with open(LOG, "w") as out:
        return subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop_worker(proc: subprocess.Popen) -> None:
    """TERM to the main process (a warm shutdown), KILL to the group if it hangs."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def wait_for_worker(app, proc: subprocess.Popen, timeout: float = 60) -> None:
    """A task that writes a row proves the worker is up and reaches the database."""
    from buskerud_sp.core.models import JobRun

    label = f"fanout-{secrets.token_hex(4)}"
    app.send_task("buskerud_sp.tasks.ping_database", args=[label])
    deadline = time.monotonic() + timeout
    while not JobRun.objects.filter(job=f"ping:{label}").exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"The worker did not start; see {LOG}")
        time.sleep(0.1)


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
    from aiosmtpd.controller import Controller

    ensure_database(database_url)
    port = free_port()
    env = bench_env(database_url, redis_url, port)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    import django

    django.setup()
    from aktiviteter.paaminnelser.models import Leveringsstatus, Paaminnelse
    from buskerud_sp.celery import app

    started = time.monotonic()
    setup = setup_data(recipients)
    setup_seconds = time.monotonic() - started

    sink = Sink()
    sink.watch = recipients
    controller = Controller(sink, hostname="127.0.0.1", port=port, data_size_limit=1 << 20)
    controller.start()
    app.control.purge()  # tasks left in the broker by an earlier, interrupted run
    worker = start_worker(env, pool, concurrency)
    errors: list[str] = []
    try:
        wait_for_worker(app, worker)
        cpu0 = (_proc_cpu(worker.pid), time.process_time(), *_machine_cpu())
        t0 = time.monotonic()
        app.send_task("aktiviteter.tasks.plan_reminders")  # what the beat tick queues
        deadline = t0 + timeout
        while sink.messages < recipients:
            if time.monotonic() > deadline:
                errors.append(f"timeout after {timeout:.0f} s: {sink.messages} mails received")
                break
            if worker.poll() is not None:
                errors.append(f"the worker stopped (exit {worker.returncode}); see {LOG}")
                break
            time.sleep(0.02)
        t1 = sink.nth_at.get(recipients, time.monotonic())
        cpu1 = (_proc_cpu(worker.pid), time.process_time(), *_machine_cpu())
        time.sleep(1.0)  # anything sent twice arrives now
    finally:
        stop_worker(worker)
        controller.stop()

    statuses = Counter(Paaminnelse.objects.values_list("status", flat=True))
    expected = {f"m{i:06d}@{DOMAIN}" for i in range(recipients)}
    missing = len(expected - set(sink.received))
    doubled = sum(n - 1 for n in sink.received.values() if n > 1)
    unexpected = sum(n for address, n in sink.received.items() if address not in expected)
    not_sent = sum(n for status, n in statuses.items() if status != Leveringsstatus.SENDT)
    if statuses.get(Leveringsstatus.FEILET):
        errors.append(f"{statuses[Leveringsstatus.FEILET]} deliveries failed")
    if not_sent:
        errors.append(f"{not_sent} delivery rows not sent: {dict(statuses)}")
    if missing:
        errors.append(f"{missing} recipients got no mail")
    if doubled:
        errors.append(f"{doubled} mails received twice")
    if unexpected:
        errors.append(f"{unexpected} mails to addresses outside the benchmark")
    sample = {}
    if sink.first is not None:
        message = email.message_from_bytes(sink.first, policy=email.policy.default)
        sample = {"to": message["To"], "subject": message["Subject"]}
        if message["To"] not in expected or not (message["Subject"] or "").strip():
            errors.append(f"the sample mail is wrong: {sample}")
        body = message.get_body(("plain",))
        if body is None or "tirsdagsmøte" not in body.get_content():
            errors.append("the sample mail does not mention the Tuesday call")
    received = sink.messages
    seconds = t1 - t0
    worker_cpu, sink_cpu = cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]
    busy, total = cpu1[2] - cpu0[2], cpu1[3] - cpu0[3]
    per_mail = 1000 / max(received, 1)
    cpu = {
        "worker_ms_per_mail": round(worker_cpu * per_mail, 2),
        "sink_ms_per_mail": round(sink_cpu * per_mail, 2),
        # PostgreSQL, Redis and anything else running on the machine meanwhile.
        "rest_of_machine_ms_per_mail": round((busy - worker_cpu - sink_cpu) * per_mail, 2),
        "machine_busy_share": round(busy / total, 2) if total else None,
    }
    return {
        "recipients": recipients,
        "mails_received": received,
        "seconds": round(seconds, 2),
        "mails_per_second": round(min(received, recipients) / seconds, 1) if seconds else 0.0,
        "first_mail_after_seconds": round(sink.first_at - t0, 2) if sink.first_at else None,
        "errors": len(errors),
        "error_details": errors,
        "delivery_rows": dict(statuses),
        "sample": sample,
        "worker": {"pool": pool, "concurrency": concurrency, "cpus": os.cpu_count()},
        "cpu": cpu,
        "setup_seconds": round(setup_seconds, 2),
        **setup,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_FANOUT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bsp_fanout"
        ),
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_FANOUT_REDIS_URL", "redis://127.0.0.1:6379/8"),
    )
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--pool", default="prefork", choices=["prefork", "threads", "solo"])
    parser.add_argument("--timeout", type=float, default=300)
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
        f"\nReminder fan-out: {result['mails_received']}/{result['recipients']} mails in "
        f"{result['seconds']} s = {result['mails_per_second']} mails/s, "
        f"{result['errors']} errors ({result['worker']['pool']} x "
        f"{result['worker']['concurrency']})"
    )


if __name__ == "__main__":
    main()
