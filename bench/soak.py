"""`make soak`: the portal as in production for 20 minutes of mixed traffic from every role,
then its errors and the memory of every process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/buskerud_sp REDIS_URL=redis://127.0.0.1:6379 \
        .venv/bin/python bench/soak.py [--minutes 20] [--workers 2] [--redis-db 11] [--keep]

Not part of `make test` or `make bench`. Runs, each a process of its own with production
settings (DEBUG off, staff MFA required, collected static files, Redis as broker and cache):
gunicorn with ``--workers`` sync workers, a Celery worker (prefork × 2) and Celery beat, on a
database ``bench_soak`` next to DATABASE_URL's, made again from the demo data each run
(``migrate`` + ``demodata``; ``--keep`` reuses it) and Redis database ``--redis-db`` of
REDIS_URL's server (flushed at the start: it is the soak's own).

Each demo persona is a thread with its own keep-alive connection that logs in as a person does
(password, then the TOTP code for the staff, who get an authenticator at the start, as
tests/totp.py does), logs in again every few minutes, and goes through what that role does:
the admin reads the dashboard, the audit trail and members, searches and exports CSV (with the
password confirmed again when asked); the board member reads chapters, the calendar and
members; the two chapter leaders register meetings (each one a change the worker recomputes
the dashboard's figures after), study sessions with hours, search their members and send a
newsletter now and then (the worker sends one mail per member); the member opens their own
page and the shift list; an anonymous visitor reads the public calendar and its .ics feed.

Counted as an error: any 5xx, any answer other than the one the step expects (a 4xx, a form
shown again instead of the redirect after saving, a login page instead of the page), a
connection failure, and every ERROR or Traceback in the worker's and beat's logs. Memory: the
resident set (VmRSS) of every process of gunicorn, the worker and beat, sampled every 30 s;
the growth of each from minute 3 to the end must stay under 10 %.

Writes var/bench/soak.json and the «Soak» section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import ROOT, Session, free_port, manage, redact, server_env, with_db

OUT = ROOT / "var" / "bench"
LOGS = ROOT / "var" / "soak"
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-passord-2024")
SAMPLE_SECONDS = 30
BASELINE_MINUTES = 3
GROWTH_LIMIT = 0.10
RELOGIN_SECONDS = 300

ADMIN = "admin@demo.buskerudsp.no"
BOARD = "styre@demo.buskerudsp.no"
LEADER = "leder.drammen@demo.buskerudsp.no"
LEADER_GOL = "leder.gol@demo.buskerudsp.no"
MEMBER = "medlem@demo.buskerudsp.no"
STAFF = (ADMIN, BOARD, LEADER, LEADER_GOL)
SEARCHES = ("hansen", "olsen", "berg", "kari", "ole", "nils", "anne", "lie", "haug", "dahl")


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: Counter = Counter()
        self.by_step: Counter = Counter()
        self.errors: list[dict] = []
        self.error_count: Counter = Counter()
        self.latencies: dict[str, list[float]] = defaultdict(list)

    def record(self, role: str, step: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.requests[role] += 1
            self.by_step[f"{role}: {step}"] += 1
            self.latencies[role].append(seconds)
            if error:
                self.error_count[role] += 1
                if len(self.errors) < 50:
                    self.errors.append(
                        {"role": role, "step": step, "error": error, "at": time.strftime("%X")}
                    )


class Failed(Exception):
    pass


class Actor:
    """One persona: a session, its login, and the steps of its role."""

    def __init__(self, role: str, email: str | None, port: int, stats: Stats, ids: dict):
        self.role, self.email, self.port, self.stats, self.ids = role, email, port, stats, ids
        self.session = Session(port)
        self.logged_in_at = 0.0
        self.rng = random.Random(role)
        self.counter = 0
        self.last_totp_counter = 0

    # --- requests ---------------------------------------------------------------------------

    def call(
        self, step: str, method: str, path: str, body: dict | None = None, expect=(200,)
    ) -> tuple[int, bytes, str]:
        started = time.monotonic()
        error = None
        status, content, location = 0, b"", ""
        try:
            status, content = self.session.request(method, path, body)
            location = self.session.last_location
            if status not in expect:
                error = f"{method} {path}: {status}" + (f" → {location}" if location else "")
                if status == 200:  # a form shown again: its messages
                    found = re.findall(
                        rb'class="[^"]*(?:errorlist|error)[^"]*"[^>]*>(.*?)</', content, re.S
                    )
                    error += (
                        " " + "; ".join(m.decode(errors="replace").strip() for m in found)[:300]
                    )
            elif (
                status == 200
                and not path.startswith("/konto/login/")
                and b'action="/konto/login/' in content
            ):
                error = f"{method} {path}: the login page"
        except (http.client.HTTPException, OSError) as exc:
            error = f"{method} {path}: {type(exc).__name__} {exc}"
        self.stats.record(self.role, step, time.monotonic() - started, error)
        if error:
            raise Failed(error)
        return status, content, location

    def get(self, step: str, path: str, expect=(200,)) -> bytes:
        return self.call(step, "GET", path, expect=expect)[1]

    def post(self, step: str, path: str, body: dict, expect=(302,)) -> str:
        return self.call(step, "POST", path, body, expect=expect)[2]

    # --- login ------------------------------------------------------------------------------

    def login(self) -> None:
        if self.email is None:
            return
        if self.session.cookies.get("sessionid"):
            self.post("logout", "/konto/logout/", {})
        self.session.cookies.clear()
        self.get("login page", "/konto/login/")
        location = self.post("login", "/konto/login/", {"login": self.email, "password": PASSWORD})
        if location.endswith("/konto/2fa/authenticate/"):
            self.get("2fa page", "/konto/2fa/authenticate/")
            self.post("2fa", "/konto/2fa/authenticate/", {"code": self.totp()})
        self.logged_in_at = time.monotonic()

    def totp(self) -> str:
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        secret = self.ids["totp"][self.email]
        # allauth takes a code once, and only in its own 30 s period: wait for the next
        # period's after a login in this one, and, as a person would, for a fresh code when
        # this one has under 5 s left (on a loaded machine the POST can land in the next).
        while (counter := int(time.time()) // 30) == self.last_totp_counter or (
            time.time() % 30 > 25
        ):
            time.sleep(1)
        self.last_totp_counter = counter
        return format_hotp_value(hotp_value(secret, counter))

    # --- the roles --------------------------------------------------------------------------

    def steps(self) -> list:
        ids = self.ids
        search = lambda: self.rng.choice(SEARCHES)  # noqa: E731
        if self.role == "admin":
            return [
                lambda: self.get("front page", "/", expect=(200, 302)),
                lambda: self.get("dashboard", "/dashbord/"),
                lambda: self.get("member search", f"/medlemmer/?q={search()}"),
                lambda: self.get("member list filtered", "/medlemmer/?kjonn=K&side=2"),
                lambda: self.get("member", f"/medlemmer/{self.rng.choice(ids['members'])}/"),
                lambda: self.get("audit trail", "/revisjon/"),
                lambda: self.get("activities", "/aktiviteter/"),
                lambda: self.get("date plan", "/datoplan/"),
                lambda: self.get("chapters", "/lokallag/"),
                self.export,
            ]
        if self.role == "styre":
            return [
                lambda: self.get("dashboard", "/dashbord/"),
                lambda: self.get("chapters", "/lokallag/"),
                lambda: self.get("chapter", f"/lokallag/{self.rng.choice(ids['slugs'])}/"),
                lambda: self.get("member search", f"/medlemmer/?q={search()}"),
                lambda: self.get("calendar", "/aktiviteter/kalender/"),
                lambda: self.get("activities", "/aktiviteter/"),
                lambda: self.get("elections", "/valg/"),
                lambda: self.get("follow-up", "/oppfolging/", expect=(200, 302)),
            ]
        if self.role in ("leder.drammen", "leder.gol"):
            steps = [
                lambda: self.get("dashboard", "/dashbord/"),
                lambda: self.get("own chapter", f"/lokallag/{ids['lag'][self.role]['slug']}/"),
                lambda: self.get("members", "/medlemmer/"),
                lambda: self.get("member search", f"/medlemmer/?q={search()}"),
                lambda: self.get("activities", "/aktiviteter/"),
                lambda: self.get("activity form", "/aktiviteter/ny/?type=styremote"),
                self.register_activity,
                self.register_activity,
                lambda: self.get("courses", "/aktiviteter/studier/"),
            ]
            if ids["lag"][self.role].get("course"):
                steps.append(self.register_session)
            if self.role == "leder.drammen":
                steps.append(self.newsletter)
            return steps
        if self.role == "medlem":
            return [
                lambda: self.get("front page", "/", expect=(200, 302)),
                lambda: self.get("own page", f"/medlemmer/{ids['member_self']}/"),
                lambda: self.get("shifts", "/valg/vakter/"),
                lambda: self.get("password page", "/konto/password/change/"),
                lambda: self.get("sessions", "/konto/sessions/"),
            ]
        return [  # anonymous
            lambda: self.get("public calendar", "/arrangementer/"),
            lambda: self.get("public calendar, embedded", "/arrangementer/?innebygd=1"),
            lambda: self.get("public .ics", "/arrangementer.ics"),
            lambda: self.get("login page", "/konto/login/"),
            lambda: self.get("health", "/helse/"),
        ]

    def register_activity(self) -> None:
        self.counter += 1
        lag = self.ids["lag"][self.role]
        day = datetime.date.today() - datetime.timedelta(days=1 + self.counter % 200)
        self.post(
            "register meeting",
            "/aktiviteter/ny/",
            {
                "type": "styremote",
                "enhet": lag["pk"],
                "tittel": f"Styremøte {self.counter}",
                "dato": day.isoformat(),
                "starttid": "19:00",
                "sluttid": "21:00",
                "status": "avholdt",
                "sted": "Grendehuset",
                "beskrivelse": "",
                "deltakere": lag["members"][:3],
            },
        )

    def register_session(self) -> None:
        self.counter += 1
        course = self.ids["lag"][self.role]["course"]
        day = datetime.date.today() - datetime.timedelta(days=1 + self.counter % 300)
        data = {
            "dato": day.isoformat(),
            "starttid": f"{8 + self.counter % 12:02d}:00",
            "sluttid": f"{9 + self.counter % 12:02d}:30",
            "digitalt": "0",
            "sted": "Grendehuset",
            "oppmote-TOTAL_FORMS": str(len(course["deltakere"])),
            "oppmote-INITIAL_FORMS": str(len(course["deltakere"])),
            "oppmote-MIN_NUM_FORMS": "0",
            "oppmote-MAX_NUM_FORMS": "1000",
        }
        for i, pk in enumerate(course["deltakere"]):
            data[f"oppmote-{i}-deltaker"] = str(pk)
            data[f"oppmote-{i}-til_stede"] = "on"
            data[f"oppmote-{i}-timer"] = "1,5"
        self.get("session form", f"/aktiviteter/studier/{course['pk']}/samling/")
        self.post("register study session", f"/aktiviteter/studier/{course['pk']}/samling/", data)

    def newsletter(self) -> None:
        if self.rng.random() > 0.25:  # about one in four rounds: a newsletter is not hourly work
            return
        lag = self.ids["lag"][self.role]
        location = self.post(
            "newsletter draft",
            "/utsendinger/ny/",
            {
                "avsender": lag["pk"],
                "gruppe": "alle",
                "emne": f"Nytt fra laget {self.counter}",
                "tekst": "Hei!\n\nVelkommen til medlemsmøte på tirsdag.",
                "sms_tekst": "",
            },
        )
        match = re.search(r"/utsendinger/(\d+)/", location)
        if not match:
            raise Failed(f"newsletter draft: went to {location}")
        self.get("newsletter send page", f"/utsendinger/{match[1]}/send/")
        self.post("newsletter send", f"/utsendinger/{match[1]}/send/", {})

    def export(self) -> None:
        if self.rng.random() > 0.3:
            return
        status, _, location = self.call(
            "CSV export", "GET", "/medlemmer/eksport.csv?kjonn=K", expect=(200, 302)
        )
        if status == 302:
            if "reauthenticate" not in location:
                raise Failed(f"CSV export: went to {location}")
            self.get("confirm password page", location)
            self.post("confirm password", location, {"password": PASSWORD})
            self.get("CSV export", "/medlemmer/eksport.csv?kjonn=K")

    def run(self, stop: float) -> None:
        steps = self.steps()
        while time.monotonic() < stop:
            try:
                if self.email and time.monotonic() - self.logged_in_at > RELOGIN_SECONDS:
                    self.login()
                for step in steps:
                    if time.monotonic() >= stop:
                        return
                    step()
                    time.sleep(self.rng.uniform(0.1, 0.6))  # a person reads the page
            except Failed:
                time.sleep(1)
                self.logged_in_at = 0  # start again from the login


# --- processes and memory -----------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def rss_kib(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def processes(procs: dict[str, subprocess.Popen]) -> dict[str, int]:
    """Every process to sample, by a stable name: the main processes and their children."""
    found = {}
    for name, proc in procs.items():
        found[f"{name} (main)"] = proc.pid
        for i, child in enumerate(sorted(children_of(proc.pid)), 1):
            found[f"{name} child {i} (pid {child})"] = child
    return found


def start(name: str, cmd: list[str], env: dict) -> subprocess.Popen:
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"{name}.log", "w") as out:
        return subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop_all(procs: dict[str, subprocess.Popen]) -> None:
    for proc in procs.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in procs.values():
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def wait_until_up(port: int, procs: dict[str, subprocess.Popen]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        for name, proc in procs.items():
            if proc.poll() is not None:
                raise SystemExit(f"{name} stopped; see var/soak/{name}.log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/helse/")
            response = conn.getresponse()
            body = response.read()
            conn.close()
            if response.status == 200:
                return
            last = body[:200]
        except OSError as exc:
            last = str(exc)
        time.sleep(1)
    raise SystemExit(f"The portal was not healthy within 90 s: {last!r}")


def log_problems(name: str) -> list[str]:
    """ERROR lines and tracebacks in a process's log."""
    path = LOGS / f"{name}.log"
    if not path.exists():
        return []
    problems = []
    for line in path.read_text(errors="replace").splitlines():
        if re.search(r"\bERROR\b|CRITICAL|Traceback|WORKER TIMEOUT|raised unexpected", line):
            problems.append(line[:300])
    return problems


# --- setup --------------------------------------------------------------------------------


def prepare_database(database_url: str, keep: bool) -> None:
    import psycopg2

    name = database_url.rsplit("/", 1)[-1]
    connection = psycopg2.connect(with_db(database_url, "postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
        if exists and not keep:
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        if not exists or not keep:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()


def personas(env: dict) -> dict:
    """The ids the steps need, and a TOTP authenticator for each staff persona (production
    settings require a second factor of staff)."""
    os.environ.update(env)
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model

    from aktiviteter.studier.models import Studietiltak
    from lokallag.models import Lokallag
    from medlemmer.models import Medlem

    users = get_user_model().objects
    totp = {}
    for email in STAFF:
        user = users.get(email=email)
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        totp[email] = generate_totp_secret()
        TOTP.activate(user, totp[email])
    lag = {}
    for role, slug in (("leder.drammen", "drammen"), ("leder.gol", "gol")):
        chapter = Lokallag.objects.get(slug=slug)
        course = (
            Studietiltak.objects.filter(arrangor=chapter, deltakere__isnull=False)
            .distinct()
            .order_by("pk")
            .first()
        )
        lag[role] = {
            "pk": chapter.pk,
            "slug": slug,
            "members": list(
                Medlem.objects.filter(lokallag=chapter, utmeldt__isnull=True)
                .order_by("pk")
                .values_list("pk", flat=True)[:5]
            ),
            "course": course
            and {"pk": course.pk, "deltakere": list(course.deltakere.values_list("pk", flat=True))},
        }
    member = users.get(email=MEMBER)
    return {
        "totp": totp,
        "lag": lag,
        "slugs": list(Lokallag.objects.lokallag().values_list("slug", flat=True)),
        "members": list(Medlem.objects.order_by("pk").values_list("pk", flat=True)[:200]),
        "member_self": Medlem.objects.get(bruker=member).pk,
    }


# --- the run ------------------------------------------------------------------------------


def soak(args) -> dict:
    server = args.database_url
    if not server.startswith(("postgres://", "postgresql://")):
        raise SystemExit("make soak needs DATABASE_URL to PostgreSQL")
    database_url = with_db(server, args.database)
    redis_url = with_db(args.redis_url, str(args.redis_db))
    port = free_port()
    env = server_env(database_url, port, args.workers)
    env.update(
        REQUIRE_MFA_FOR_STAFF="true",
        REDIS_URL=redis_url,
        CELERY_BROKER_URL=redis_url,
        CACHE_URL=redis_url,
        SERVED_WITHOUT_PROXY="true",
        BEAT_TICK_SECONDS=str(args.beat_tick),
    )
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    print(f"Database {redact(database_url)}, Redis {redact(redis_url)}", flush=True)
    prepare_database(database_url, args.keep)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "demodata", "--if-empty")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    ids = personas(env)
    py = sys.executable
    procs = {
        "gunicorn": start("gunicorn", [py, "-m", "gunicorn", "buskerud_sp.wsgi"], env),
        "worker": start(
            "worker",
            [
                *(py, "-m", "celery", "-A", "buskerud_sp", "worker", "--loglevel", "INFO"),
                *("--concurrency", "2", "--hostname", f"soak-{os.getpid()}@%h"),
            ],
            env,
        ),
        "beat": start(
            "beat",
            [
                *(py, "-m", "celery", "-A", "buskerud_sp", "beat", "--loglevel", "INFO"),
                *("--schedule", str(LOGS / "celerybeat-schedule")),
            ],
            env,
        ),
    }
    samples: list[dict] = []
    stats = Stats()
    try:
        wait_until_up(port, procs)
        print(
            f"gunicorn ({args.workers} workers) on 127.0.0.1:{port}, worker and beat up; "
            f"{args.minutes:g} minutes of traffic",
            flush=True,
        )
        actors = [
            Actor("admin", ADMIN, port, stats, ids),
            Actor("styre", BOARD, port, stats, ids),
            Actor("leder.drammen", LEADER, port, stats, ids),
            Actor("leder.gol", LEADER_GOL, port, stats, ids),
            Actor("medlem", MEMBER, port, stats, ids),
            Actor("anonym", None, port, stats, ids),
        ]
        started = time.monotonic()
        stop = started + args.minutes * 60
        threads = [threading.Thread(target=a.run, args=(stop,), daemon=True) for a in actors]
        for i, thread in enumerate(threads):
            thread.start()
            time.sleep(2 * i % 7)  # the TOTP logins spread over the first periods
        while time.monotonic() < stop:
            at = time.monotonic() - started
            samples.append(
                {
                    "minute": round(at / 60, 2),
                    "rss_kib": {n: rss_kib(p) for n, p in processes(procs).items()},
                }
            )
            print(
                f"  {at / 60:5.1f} min: {sum(stats.requests.values())} requests, "
                f"{sum(stats.error_count.values())} errors",
                flush=True,
            )
            for name, proc in procs.items():
                if proc.poll() is not None:
                    raise SystemExit(f"{name} stopped during the soak; see var/soak/{name}.log")
            time.sleep(min(SAMPLE_SECONDS, max(0.1, stop - time.monotonic())))
        for thread in threads:
            thread.join(timeout=60)
        samples.append(
            {
                "minute": round((time.monotonic() - started) / 60, 2),
                "rss_kib": {n: rss_kib(p) for n, p in processes(procs).items()},
            }
        )
        elapsed = time.monotonic() - started
    finally:
        stop_all(procs)
    return summarise(args, stats, samples, elapsed, database_url)


def summarise(args, stats: Stats, samples: list[dict], elapsed: float, database_url: str) -> dict:
    baseline_minute = min(BASELINE_MINUTES, args.minutes / 2)
    base = next((s for s in samples if s["minute"] >= baseline_minute), samples[0])
    end = samples[-1]
    memory = {}
    for name, kib in end["rss_kib"].items():
        first = base["rss_kib"].get(name)
        peak = max((s["rss_kib"].get(name) or 0) for s in samples)
        memory[name] = {
            "rss_mib_at_baseline": None if first is None else round(first / 1024, 1),
            "rss_mib_at_end": None if kib is None else round(kib / 1024, 1),
            "rss_mib_peak": round(peak / 1024, 1),
            "growth": None if not first or kib is None else round(kib / first - 1, 4),
        }
    log_errors = {name: log_problems(name) for name in ("worker", "beat", "gunicorn")}
    worker_log = LOGS / "worker.log"
    tasks = Counter(
        re.findall(r"Task ([\w.]+)\[[^\]]+\] succeeded", worker_log.read_text(errors="replace"))
        if worker_log.exists()
        else []
    )
    http_errors = sum(stats.error_count.values())
    worst = max((m["growth"] for m in memory.values() if m["growth"] is not None), default=0)
    import statistics

    return {
        "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "minutes": round(elapsed / 60, 1),
        "database": database_url.rsplit("/", 1)[-1],
        "gunicorn_workers": args.workers,
        "worker": "prefork × 2",
        "beat_tick_s": args.beat_tick,
        "load_average": os.getloadavg(),
        "requests": dict(stats.requests),
        "requests_total": sum(stats.requests.values()),
        "p50_ms_by_role": {
            r: round(statistics.median(v) * 1000, 1) for r, v in stats.latencies.items()
        },
        "steps": dict(sorted(stats.by_step.items())),
        "http_errors": dict(stats.error_count),
        "http_error_total": http_errors,
        "error_examples": stats.errors,
        "log_errors": {name: lines[:20] for name, lines in log_errors.items()},
        "log_error_total": sum(len(lines) for lines in log_errors.values()),
        "worker_tasks_succeeded": dict(tasks),
        "baseline_minute": base["minute"],
        "memory": memory,
        "worst_growth": worst,
        "memory_ok": worst < GROWTH_LIMIT,
        "errors_ok": http_errors == 0 and not any(log_errors.values()),
        "samples": samples,
    }


def write_section(result: dict) -> None:
    """The «Soak» section of bench/RESULTS.md, in place of the one before."""
    from report import replace_section, soak_section

    replace_section(soak_section(result), before="## Targets")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--minutes", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server (its database name is replaced by --database)",
    )
    parser.add_argument("--database", default="bench_soak")
    parser.add_argument(
        "--redis-url", default=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379"
    )
    parser.add_argument("--redis-db", type=int, default=11, help="flushed at the start")
    parser.add_argument("--beat-tick", type=int, default=60, help="BEAT_TICK_SECONDS")
    parser.add_argument("--keep", action="store_true", help="reuse the soak database")
    parser.add_argument("--json", default=str(OUT / "soak.json"))
    parser.add_argument("--no-results", action="store_true", help="leave RESULTS.md alone")
    args = parser.parse_args()
    result = soak(args)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=1))
    print(
        f"{result['requests_total']} requests in {result['minutes']} min "
        f"({', '.join(f'{r} {n}' for r, n in result['requests'].items())}); "
        f"{result['http_error_total']} request errors, {result['log_error_total']} in the logs; "
        f"worst memory growth from minute {result['baseline_minute']}: "
        f"{result['worst_growth']:.1%}"
    )
    for example in result["error_examples"][:10]:
        print("  error:", example)
    for name, lines in result["log_errors"].items():
        for line in lines[:5]:
            print(f"  {name}: {line}")
    if not args.no_results:
        write_section(result)
    if not (result["errors_ok"] and result["memory_ok"]):
        sys.exit(1)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "bench"))
    main()
