"""What the benchmarks share: the production server environment, gunicorn on a free
loopback port, and logged-in sessions with cookies kept by hand (bench/load.py for `make
stress`, bench/throughput.py); the worker, the SMTP sink and the CPU counting of the fan-outs
(bench/fanout.py, bench/nyhetsbrev.py).
"""

import asyncio
import base64
import email
import email.policy
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_AUDIT_HMAC_KEY = "bench-audit-key-" + "z" * 40  # the benchmark only, never production


def is_postgres(database_url: str) -> bool:
    return database_url.startswith(("postgres://", "postgresql://"))


def redact(database_url: str) -> str:
    """The URL without its user and password, for printing."""
    return re.sub(r"//[^@/]*@", "//…@", database_url)


def with_db(url: str, name: str | int) -> str:
    """The same server's database (PostgreSQL) or numbered database (Redis) ``name``."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, port: int, workers: int, *, demo: bool = True) -> dict[str, str]:
    """The environment of `manage.py` and gunicorn: production settings (DEBUG off, manifest
    static files) on plain HTTP at 127.0.0.1:port, with the staff MFA requirement off (the
    benchmark logins have no second factor; the MFA redirect is not what is measured)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="buskerud_sp.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        MFA_ENCRYPTION_KEYS=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        # Fixed, so that a kept benchmark database's audit chain stays sealed under one key;
        # its anchors apart from the portal's own.
        AUDIT_HMAC_KEY=BENCH_AUDIT_HMAC_KEY,
        AUDIT_ANCHOR_FILE=str(ROOT / "var" / "bench-audit-anchors.log"),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DEMO_ENABLED="true" if demo else "false",
        REQUIRE_MFA_FOR_STAFF="false",
        EMAIL_URL="consolemail://",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
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
        self.last_location = ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(
                {**body, "csrfmiddlewaretoken": self.cookies["csrftoken"]}, doseq=True
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
        self.last_location = response.headers.get("Location", "")
        return response.status, response.read()

    def login(self, email: str, password: str) -> None:
        self.request("GET", "/konto/login/")
        status, _ = self.request("POST", "/konto/login/", {"login": email, "password": password})
        if status != 302:
            raise SystemExit(f"Login as {email} failed ({status})")

    def close(self) -> None:
        self.conn.close()


def wait_until_up(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {log.relative_to(ROOT)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start within 60 s")


@contextmanager
def gunicorn(env: dict[str, str], port: int, log: Path) -> Iterator[subprocess.Popen]:
    """gunicorn (gunicorn.conf.py, GUNICORN_BIND and GUNICORN_WORKERS from ``env``) until the
    block ends; its output goes to ``log``."""
    log.parent.mkdir(exist_ok=True)
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "buskerud_sp.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(port, server, log)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else values[0]


# --- The fan-out benchmarks (bench/fanout.py, bench/nyhetsbrev.py) --------------------------


def proc_cpu(pid: int) -> float:
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


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    tick = os.sysconf("SC_CLK_TCK")
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return (sum(values) - idle) / tick, sum(values) / tick


def ensure_database(database_url: str) -> None:
    """Create the database if it is missing (connected to the server's ``postgres`` db)."""
    import psycopg2
    from psycopg2 import sql

    parts = urllib.parse.urlsplit(database_url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"PostgreSQL only (got {parts.scheme}://): the worker writes in parallel.")
    name = parts.path.lstrip("/")
    if name in ("buskerud_sp", "test_buskerud_sp", "postgres", ""):
        raise SystemExit(f"Refusing database {name!r}: give the benchmark one of its own.")
    conn = psycopg2.connect(urllib.parse.urlunsplit(parts._replace(path="/postgres")))
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


FANOUT_LOG = ROOT / "var" / "bench-fanout-worker.log"


def start_worker(env: dict[str, str], pool: str, concurrency: int) -> subprocess.Popen:
    FANOUT_LOG.parent.mkdir(exist_ok=True)
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
    with open(FANOUT_LOG, "w") as out:
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
            raise SystemExit(f"The worker did not start; see {FANOUT_LOG}")
        time.sleep(0.1)


class Sink:
    """A minimal SMTP server on the loopback interface (asyncio, in a thread of this process):
    it speaks just enough SMTP for ``smtplib`` (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT),
    counts the mails per recipient and keeps the first one. It replaced aiosmtpd, whose
    per-mail parsing cost about 1.2 ms of CPU on the same 2 cores the worker measured uses;
    this one costs a fraction of that (bench/fanout.py reports it as ``sink_ms_per_mail``)."""

    def __init__(self, port: int, *, watch: int | None = None) -> None:
        self.port = port
        self.received: Counter[str] = Counter()
        self.messages = 0
        self.first: bytes | None = None
        self.first_at: float | None = None
        self.nth_at: dict[int, float] = {}
        self.watch = watch
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    def accepted(self, recipients: list[str], content: bytes) -> None:
        now = time.monotonic()
        if self.first is None:
            # Undo the dot-stuffing of the transfer (RFC 5321 4.5.2).
            self.first, self.first_at = content.replace(b"\r\n..", b"\r\n."), now
        self.received.update(recipients)
        self.messages += 1
        if self.watch is not None and self.messages >= self.watch and self.watch not in self.nth_at:
            self.nth_at[self.watch] = now

    def start(self) -> None:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            server = self._loop.run_until_complete(
                self._loop.create_server(lambda: _SmtpSession(self), "127.0.0.1", self.port)
            )
            ready.set()
            try:
                self._loop.run_forever()
            finally:
                server.close()
                self._loop.run_until_complete(server.wait_closed())
                self._loop.close()

        self._thread = threading.Thread(target=run, name="smtp-sink", daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise SystemExit("The SMTP sink did not start.")

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)


class _SmtpSession(asyncio.Protocol):
    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.buffer = bytearray()
        self.in_data = False
        self.recipients: list[str] = []

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, data: bytes) -> None:
        start = max(len(self.buffer) - 4, 0)
        self.buffer += data
        while True:
            if self.in_data:
                end = self.buffer.find(b"\r\n.\r\n", start)
                if end < 0:
                    return
                self.sink.accepted(self.recipients, bytes(self.buffer[2 : end + 2]))
                del self.buffer[: end + 5]
                self.in_data, self.recipients = False, []
                self.transport.write(b"250 OK\r\n")
            else:
                end = self.buffer.find(b"\r\n")
                if end < 0:
                    return
                line = bytes(self.buffer[:end])
                del self.buffer[: end + 2]
                if not self._command(line):
                    return
            start = 0

    def _command(self, line: bytes) -> bool:
        verb = line[:4].upper()
        if verb == b"EHLO":
            self.transport.write(b"250-sink\r\n250 8BITMIME\r\n")
        elif verb == b"MAIL" or verb == b"RSET":
            self.recipients = []
            self.transport.write(b"250 OK\r\n")
        elif verb == b"RCPT":
            address = line.partition(b"<")[2].partition(b">")[0]
            self.recipients.append(address.decode("utf-8", "replace"))
            self.transport.write(b"250 OK\r\n")
        elif verb == b"DATA":
            self.in_data = True
            # The message may begin in the rest of this read.
            self.buffer[:0] = b"\r\n"
            self.transport.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
        elif verb == b"QUIT":
            self.transport.write(b"221 Bye\r\n")
            self.transport.close()
            return False
        else:  # HELO, NOOP and anything else
            self.transport.write(b"250 OK\r\n")
        return True


def prepare(database_url: str, redis_url: str, smtp_port: int, **overrides: str) -> dict:
    """The benchmark's database (created if missing, migrated), its environment in this
    process too, and Django set up in it; returns the environment for the worker."""
    ensure_database(database_url)
    env = {**bench_env(database_url, redis_url, smtp_port), **overrides}
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    manage(env, "migrate", "--noinput", "-v", "0")
    import django

    django.setup()
    return env


class Run:
    """One timed fan-out: the worker running, the sink listening, and the CPU of both and of
    the machine counted from ``start()`` until the sink holds ``recipients`` mails."""

    def __init__(self, sink: Sink, worker: subprocess.Popen, recipients: int) -> None:
        self.sink, self.worker, self.recipients = sink, worker, recipients
        self.errors: list[str] = []

    def start(self) -> None:
        self.cpu0 = (proc_cpu(self.worker.pid), time.process_time(), *machine_cpu())
        self.t0 = time.monotonic()

    def wait(self, timeout: float) -> None:
        deadline = self.t0 + timeout
        while self.sink.messages < self.recipients:
            if time.monotonic() > deadline:
                self.errors.append(
                    f"timeout after {timeout:.0f} s: {self.sink.messages} mails received"
                )
                break
            if self.worker.poll() is not None:
                self.errors.append(
                    f"the worker stopped (exit {self.worker.returncode}); see {FANOUT_LOG}"
                )
                break
            time.sleep(0.02)
        self.t1 = self.sink.nth_at.get(self.recipients, time.monotonic())
        self.cpu1 = (proc_cpu(self.worker.pid), time.process_time(), *machine_cpu())
        time.sleep(1.0)  # anything sent twice arrives now

    def check_deliveries(self, statuses: Counter, expected: set[str]) -> None:
        """Rows not sent, recipients missing, mails received twice or to strangers."""
        from aktiviteter.paaminnelser.models import Leveringsstatus

        received = self.sink.received
        missing = len(expected - set(received))
        doubled = sum(n - 1 for n in received.values() if n > 1)
        unexpected = sum(n for address, n in received.items() if address not in expected)
        not_sent = sum(n for status, n in statuses.items() if status != Leveringsstatus.SENDT)
        if statuses.get(Leveringsstatus.FEILET):
            self.errors.append(f"{statuses[Leveringsstatus.FEILET]} deliveries failed")
        if not_sent:
            self.errors.append(f"{not_sent} delivery rows not sent: {dict(statuses)}")
        if missing:
            self.errors.append(f"{missing} recipients got no mail")
        if doubled:
            self.errors.append(f"{doubled} mails received twice")
        if unexpected:
            self.errors.append(f"{unexpected} mails to addresses outside the benchmark")

    def figures(self, *, this_process: str) -> dict:
        """The common part of the result: mails/s, first mail, errors, CPU per mail (the
        worker, this process under ``this_process``, the rest of the machine)."""
        received = self.sink.messages
        seconds = self.t1 - self.t0
        worker_cpu, own_cpu = self.cpu1[0] - self.cpu0[0], self.cpu1[1] - self.cpu0[1]
        busy, total = self.cpu1[2] - self.cpu0[2], self.cpu1[3] - self.cpu0[3]
        per_mail = 1000 / max(received, 1)
        first = self.sink.first_at
        return {
            "recipients": self.recipients,
            "mails_received": received,
            "seconds": round(seconds, 2),
            "mails_per_second": (
                round(min(received, self.recipients) / seconds, 1) if seconds else 0.0
            ),
            "first_mail_after_seconds": round(first - self.t0, 2) if first else None,
            "errors": len(self.errors),
            "error_details": self.errors,
            "cpu": {
                "worker_ms_per_mail": round(worker_cpu * per_mail, 2),
                this_process: round(own_cpu * per_mail, 2),
                # PostgreSQL, Redis and anything else running on the machine meanwhile.
                "rest_of_machine_ms_per_mail": round((busy - worker_cpu - own_cpu) * per_mail, 2),
                "machine_busy_share": round(busy / total, 2) if total else None,
            },
        }

    def sample(self) -> tuple[dict, "email.message.EmailMessage | None"]:
        """The first mail the sink received, parsed, and its To and Subject for the result."""
        if self.sink.first is None:
            return {}, None
        message = email.message_from_bytes(self.sink.first, policy=email.policy.default)
        return {"to": message["To"], "subject": message["Subject"]}, message

    def result(
        self, statuses: Counter, figures: dict, pool: str, concurrency: int, **extra
    ) -> dict:
        """The result of a fan-out as the benchmarks report it (bench/report.py reads it)."""
        return {
            **figures,
            "errors": len(self.errors),
            "error_details": self.errors,
            "delivery_rows": dict(statuses),
            "sink": "bench/common.py Sink (asyncio, minimal SMTP)",
            "worker": {"pool": pool, "concurrency": concurrency, "cpus": os.cpu_count()},
            **extra,
        }


def timed_fanout(
    env: dict, recipients: int, port: int, pool: str, concurrency: int, timeout: float, kick
):
    """A fan-out timed from ``kick(run)`` (what queues it) until the sink on ``port`` holds
    ``recipients`` mails, with a fresh worker on a purged broker. Returns the run and what
    ``kick`` returned."""
    from buskerud_sp.celery import app

    sink = Sink(port, watch=recipients)
    sink.start()
    app.control.purge()  # tasks left in the broker by an earlier, interrupted run
    worker = start_worker(env, pool, concurrency)
    run = Run(sink, worker, recipients)
    try:
        wait_for_worker(app, worker)
        run.start()
        kicked = kick(run)
        run.wait(timeout)
    finally:
        stop_worker(worker)
        sink.stop()
    return run, kicked


def fanout_main(
    description: str, measure, *, label: str, env_prefix: str, database: str, timeout: float
) -> None:
    """The command line of a fan-out benchmark (bench/fanout.py, bench/nyhetsbrev.py)."""
    import argparse
    import json

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            f"{env_prefix}_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{database}"
        ),
    )
    parser.add_argument(
        "--redis-url", default=os.environ.get(f"{env_prefix}_REDIS_URL", "redis://127.0.0.1:6379/8")
    )
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--pool", default="prefork", choices=["prefork", "threads", "solo"])
    parser.add_argument("--timeout", type=float, default=timeout)
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
        f"\n{label}: {result['mails_received']}/{result['recipients']} mails in "
        f"{result['seconds']} s = {result['mails_per_second']} mails/s, "
        f"{result['errors']} errors ({result['worker']['pool']} x "
        f"{result['worker']['concurrency']})"
    )
