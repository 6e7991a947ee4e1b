"""A synthetic party at national scale for `make bench`, loaded with PostgreSQL ``COPY``.

    .venv/bin/python bench/generate.py --database-url postgres://postgres@127.0.0.1:5432/bench_full
    .venv/bin/python bench/generate.py --database-url … --scale 0.1

At scale 1: 60 districts, 400 chapters (and the county unit), 100,000 members, about 4,000
offices (current and ended), 1,000,000 activities over five years (board meetings, member
meetings, campaign events, …; one Tuesday call per Tuesday with named participants), 300,000
study sessions on 50,000 courses with their participants and attendance, a date plan per year
and the plan's standard targets per year. Everything else scales with ``--scale``.

The database must be migrated and empty (the script migrates it; it refuses a database that
already holds members). Rows are generated with a fixed seed, written as tab-separated text
and streamed with ``COPY … FROM STDIN``; foreign-key triggers are off during the load (the
generated keys are consistent by construction) and the tables are analysed afterwards. The
bench logins are created through the ORM: ``bench-admin@bench.invalid`` (admin) and
``bench-leder@bench.invalid`` (leader of the largest chapter), password ``BENCH_PASSWORD``.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = os.environ.get("BENCH_PASSWORD", "bench-passord-2026")
ADMIN_EMAIL = "bench-admin@bench.invalid"
LEADER_EMAIL = "bench-leder@bench.invalid"
SEED = 2026

FULL = {
    "distrikter": 60,
    "lokallag": 400,
    "medlemmer": 100_000,
    "aktiviteter": 1_000_000,
    "studiesamlinger": 300_000,
}
SESSIONS_PER_COURSE = 6
YEARS = 5

# Activity types a chapter holds, with their share of the chapters' activities.
CHAPTER_TYPES = [
    ("styremote", 22),
    ("medlemsmote", 20),
    ("stand", 12),
    ("dor_til_dor", 9),
    ("temamote", 8),
    ("folkemote", 7),
    ("lokalmedia", 6),
    ("valgtorg", 5),
    ("folkemote_nett", 4),
    ("reiserunde", 3),
    ("kandidatskolering", 2),
    ("mediekurs", 1),
    ("valgkampapning", 1),
]
# Offices every chapter has (the key offices most of the time), and how many board members.
CHAPTER_OFFICES = ["leder", "nestleder", "sekretaer", "kasserer", "studieleder"]
FORNAVN = [
    "Anne",
    "Ola",
    "Kari",
    "Per",
    "Ingrid",
    "Lars",
    "Marit",
    "Jon",
    "Sigrid",
    "Knut",
    "Astrid",
    "Nils",
    "Hilde",
    "Erik",
    "Liv",
    "Tor",
]
ETTERNAVN = [
    "Berg",
    "Haugen",
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Bakken",
    "Lie",
    "Moen",
    "Dahl",
    "Solberg",
    "Strand",
]
KOMMUNER = [
    "Ål",
    "Gol",
    "Hol",
    "Nes",
    "Flå",
    "Sigdal",
    "Krødsherad",
    "Modum",
    "Øvre",
    "Eiker",
    "Lier",
    "Hole",
    "Ringerike",
]


def scaled(scale: float) -> dict[str, int]:
    return {key: max(1, round(value * scale)) for key, value in FULL.items()}


class Loader:
    """COPY rows into tables and hand out the ids they get (ids are assigned here, in order
    from the table's current maximum, and the identity sequences are moved past them)."""

    def __init__(self, connection):
        self.cursor = connection.cursor()
        self.timings: dict[str, float] = {}
        self.counts: dict[str, int] = {}

    def next_id(self, table: str) -> int:
        self.cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return self.cursor.fetchone()[0]

    def copy(self, table: str, columns: list[str], rows: Iterable[tuple]) -> int:
        started = time.perf_counter()
        total = 0
        for chunk in _chunks(rows, 200_000):
            buffer = io.StringIO()
            buffer.writelines("\t".join(map(_text, row)) + "\n" for row in chunk)
            buffer.seek(0)
            self.cursor.copy_expert(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT text)", buffer
            )
            total += len(chunk)
        if "id" in columns:
            self.cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        self.timings[table] = self.timings.get(table, 0) + time.perf_counter() - started
        self.counts[table] = self.counts.get(table, 0) + total
        return total


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value)


def generate(database_url: str, scale: float = 1.0, *, log: Callable[[str], None] = print) -> dict:
    """Fill the database; return the row counts and seconds per table."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buskerud_sp.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    from medlemmer.models import Medlem

    if Medlem.objects.exists():
        raise SystemExit(f"{database_url} already holds members; use an empty database.")
    loader = load(scale, log=log)
    analysed = time.perf_counter()
    with connection.cursor() as cursor:
        # VACUUM as well: autovacuum would have done it after a bulk load by now (it may be
        # off on a benchmark server), and index-only scans (the member list's) need the
        # visibility map it writes.
        cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    log(f"Loaded in {seconds:.1f} s (VACUUM ANALYZE {time.perf_counter() - analysed:.1f} s)")
    return {"scale": scale, "seconds": seconds, "rows": loader.counts, "timings": loader.timings}


def load(scale: float, *, log: Callable[[str], None] = print) -> Loader:
    """Load the synthetic party into the default database, in one transaction (the test suite
    loads a small one inside a test's transaction: tests/test_bench_data.py)."""
    from django.db import connection, transaction

    n = scaled(scale)
    log(f"Generating at scale {scale}: {n}")
    rng = random.Random(SEED)
    today = datetime.date.today()
    first_year = today.year - YEARS + 1
    now = datetime.datetime.now(datetime.UTC).isoformat()
    with transaction.atomic():
        connection.ensure_connection()
        loader = Loader(connection.connection)
        loader.cursor.execute("SET LOCAL session_replication_role = replica")
        ids = _organisation(loader, rng, n)
        members = _members(loader, rng, n, ids, today, now)
        _offices(loader, rng, ids, members, today)
        _activities(loader, rng, n, ids, members, first_year, today, now)
        _studies(loader, rng, n, ids, members, first_year, today, now)
        _datoplan(loader, rng, ids, first_year, now)
        loader.cursor.execute("SET LOCAL session_replication_role = origin")
        _logins_and_targets(ids, members, first_year, today)
    return loader


def _organisation(loader: Loader, rng: random.Random, n: dict[str, int]) -> dict:
    first_district = loader.next_id("lokallag_distrikt")
    districts = list(range(first_district, first_district + n["distrikter"]))
    loader.copy(
        "lokallag_distrikt",
        ["id", "navn", "slug", "rekkefolge"],
        ((d, f"Distrikt {i + 1}", f"distrikt-{i + 1}", i) for i, d in enumerate(districts)),
    )
    county = loader.next_id("lokallag_lokallag")
    chapters = list(range(county + 1, county + 1 + n["lokallag"]))
    columns = ["id", "navn", "slug", "niva", "organisasjon", "kommunenummer", "kommune"]
    columns += ["aktiv", "epost", "facebook_url", "instagram_url", "hjemmeside_url"]
    columns += ["distrikt_id", "by_eller_bygd"]

    def rows():
        yield (
            county,
            "Fylkeslaget",
            "fylkeslaget",
            "fylke",
            "sp",
            "",
            "",
            True,
            "",
            "",
            "",
            "",
            None,
            "bygd",
        )
        for i, c in enumerate(chapters):
            org = "su" if i % 10 == 9 else "sp"
            kommune = f"{KOMMUNER[i % len(KOMMUNER)]} {i // len(KOMMUNER) + 1}"
            yield (
                c,
                f"{kommune} {org.upper()}",
                f"lag-{i + 1:04d}",
                "lokal",
                org,
                f"{1000 + i:04d}",
                kommune,
                i % 40 != 39,
                f"lag{i + 1}@bench.invalid",
                "",
                "",
                "",
                districts[i % len(districts)],
                "by" if i % 7 == 0 else "bygd",
            )

    loader.copy("lokallag_lokallag", columns, rows())
    # Chapter sizes vary a lot: a few big town chapters, many small rural ones.
    weights = [rng.lognormvariate(0, 0.9) for _ in chapters]
    return {"county": county, "districts": districts, "chapters": chapters, "weights": weights}


def _members(loader, rng, n, ids, today, now) -> dict:
    first = loader.next_id("medlemmer_medlem")
    count = n["medlemmer"]
    chapter_of = rng.choices(ids["chapters"], weights=ids["weights"], k=count)
    columns = ["id", "medlemsnummer", "fornavn", "etternavn", "epost", "telefon", "adresse"]
    columns += ["postnummer", "poststed", "fodselsdato", "kjonn", "innmeldt", "utmeldt"]
    columns += ["utmeldingsgrunn", "folkevalgt", "folkevalgt_verv", "senterungdommen"]
    columns += ["senterkvinnene", "samtykke_paaminnelser", "kontingent_betalt_til"]
    columns += ["opprettet", "endret", "lokallag_id", "samtykke_arkiv"]
    columns += ["samtykke_fylket", "samtykke_lokallaget", "samtykke_kvinnenettverket"]
    columns += ["samtykke_ungdommen", "samtykke_invitasjoner", "foretrekker_sms"]
    women: list[int] = []
    active: dict[int, list[int]] = {}
    start = datetime.date(1975, 1, 1).toordinal()
    span = today.toordinal() - start

    def rows():
        for i in range(count):
            pk = first + i
            kjonn = "K" if rng.random() < 0.42 else "M"
            # Recent years hold more joiners (the register keeps everyone who is still in).
            innmeldt = datetime.date.fromordinal(start + int(span * rng.random() ** 0.6))
            left = rng.random() < 0.12
            utmeldt = innmeldt + datetime.timedelta(days=rng.randint(30, 3000)) if left else None
            if utmeldt and utmeldt > today:
                utmeldt = None
            chapter = chapter_of[i]
            if utmeldt is None:
                active.setdefault(chapter, []).append(pk)
                if kjonn == "K":
                    women.append(pk)
            born = datetime.date(rng.randint(1935, 2008), rng.randint(1, 12), rng.randint(1, 28))
            fornavn = FORNAVN[i % len(FORNAVN)]
            etternavn = f"{ETTERNAVN[(i // 16) % len(ETTERNAVN)]}{i}"
            yield (
                pk,
                f"N{i:07d}",
                fornavn,
                etternavn,
                f"m{i}@bench.invalid" if i % 20 else None,
                f"4{i:07d}",
                f"Gate {i % 300}",
                f"{1000 + i % 9000:04d}",
                "Bygd",
                born,
                kjonn,
                innmeldt,
                utmeldt,
                "",
                i % 30 == 0,
                "",
                born.year > 1994 and i % 3 == 0,
                kjonn == "K" and i % 4 == 0,
                i % 5 < 3,
                datetime.date(today.year, 12, 31) if i % 10 else None,
                now,
                now,
                chapter,
                False,
                # The lists' consents: most take the county's newsletter, fewer the rest.
                i % 5 < 4,
                i % 5 < 3,
                kjonn == "K" and i % 3 == 0,
                born.year > 1994 and i % 2 == 0,
                i % 4 < 3,
                i % 7 == 0,
            )

    loader.copy("medlemmer_medlem", columns, rows())
    return {"active": active, "women": set(women), "all": range(first, first + count)}


def _offices(loader, rng, ids, members, today) -> None:
    columns = ["id", "rolle", "fra_dato", "til_dato", "distrikt_id", "enhet_id", "medlem_id"]
    first = loader.next_id("lokallag_verv")
    this_term = datetime.date(today.year - 1, 3, 1)
    last_term = datetime.date(today.year - 3, 3, 1)

    def rows():
        for chapter in ids["chapters"]:
            people = members["active"].get(chapter, [])
            if len(people) < 3:
                continue
            roles = list(CHAPTER_OFFICES)
            roles += ["styremedlem"] * 3
            women = [p for p in people if p in members["women"]]
            if women and rng.random() < 0.8:
                roles.append("senterkvinnekontakt")
            for rolle in roles:
                holder = rng.choice(women) if rolle == "senterkvinnekontakt" else rng.choice(people)
                yield (rolle, this_term, None, None, chapter, holder)
                yield (
                    rolle,
                    last_term,
                    this_term - datetime.timedelta(days=1),
                    None,
                    chapter,
                    rng.choice(people),
                )
        board = [
            p for chapter in ids["chapters"][:40] for p in members["active"].get(chapter, [])[:1]
        ]
        for i, district in enumerate(ids["districts"]):
            if board:
                yield (
                    "distriktsrepresentant",
                    this_term,
                    None,
                    district,
                    ids["county"],
                    board[i % len(board)],
                )
        if board:
            yield ("fylkesleder", this_term, None, None, ids["county"], board[-1])

    loader.copy("lokallag_verv", columns, ((first + i, *row) for i, row in enumerate(rows())))


def _activities(loader, rng, n, ids, members, first_year, today, now) -> None:
    """The chapters' activities, the county's meetings and one Tuesday call a week."""
    first = loader.next_id("aktiviteter_aktivitet")
    columns = ["id", "type", "tittel", "beskrivelse", "dato", "starttid", "sluttid", "sted"]
    columns += ["nettlenke", "digitalt", "status", "deltakerantall", "kombinert_med_temamote"]
    columns += ["opprettet", "endret", "enhet_id", "vertslag_id"]
    columns += ["offentlig", "kontakt", "avlyst_grunn", "kontaktperson"]
    start = datetime.date(first_year, 1, 1)
    end = datetime.date(today.year, 12, 31)
    days = (end - start).days + 1
    tuesdays = [
        start + datetime.timedelta(days=d)
        for d in range(days)
        if (start + datetime.timedelta(days=d)).weekday() == 1
    ]
    county_meetings = []
    for year in range(first_year, today.year + 1):
        for month in (1, 3, 5, 6, 8, 10, 11):
            county_meetings.append(("fylkesstyremote", datetime.date(year, month, 12)))
        for month in (2, 5, 9, 11):
            county_meetings.append(("lokallagsledermote", datetime.date(year, month, 20)))
    chapter_count = n["aktiviteter"] - len(tuesdays) - len(county_meetings)
    types = [t for t, _ in CHAPTER_TYPES]
    weights = [w for _, w in CHAPTER_TYPES]
    chapter_of = rng.choices(ids["chapters"], weights=ids["weights"], k=chapter_count)
    type_of = rng.choices(types, weights=weights, k=chapter_count)
    tuesday_ids: list[tuple[int, datetime.date]] = []
    board_meetings: list[tuple[int, int]] = []

    def status(day):
        return "planlagt" if day > today else ("avlyst" if rng.random() < 0.03 else "avholdt")

    def rows():
        pk = first
        for day in tuesdays:
            tuesday_ids.append((pk, day))
            yield (
                pk,
                "tirsdagsmote",
                "Tirsdagsmøte med stortingsrepresentanten",
                "",
                day,
                "20:00",
                "21:00",
                "",
                "tlf. 22 00 00 00",
                True,
                status(day),
                rng.randint(20, 60) if day <= today else None,
                False,
                now,
                now,
                ids["county"],
                rng.choice(ids["chapters"]) if rng.random() < 0.2 else None,
                False,
                "",
                "",
                "",
            )
            pk += 1
        for kind, day in county_meetings:
            host = rng.choice(ids["chapters"]) if kind == "fylkesstyremote" else None
            yield (
                pk,
                kind,
                kind.capitalize(),
                "",
                day,
                "18:00",
                "21:00",
                "Fylkeshuset",
                "",
                False,
                status(day),
                None,
                host is not None and rng.random() < 0.7,
                now,
                now,
                ids["county"],
                host,
                False,
                "",
                "",
                "",
            )
            pk += 1
        for i in range(chapter_count):
            day = start + datetime.timedelta(days=int(days * rng.random()))
            kind = type_of[i]
            chapter = chapter_of[i]
            if kind == "styremote":
                board_meetings.append((pk, chapter))
            online = kind == "folkemote_nett"
            yield (
                pk,
                kind,
                f"{kind.capitalize()} {i}",
                "",
                day,
                "19:00",
                "21:00",
                "" if online else "Grendehuset",
                "https://møte.invalid/x" if online else "",
                online,
                status(day),
                None if kind == "styremote" or day > today else rng.randint(3, 80),
                False,
                now,
                now,
                chapter,
                None,
                # Open meetings are shown in the public calendar, with a contact.
                kind.startswith("folkemote"),
                "post@lag.invalid" if kind.startswith("folkemote") else "",
                "",
                "Leder" if kind.startswith("folkemote") else "",
            )
            pk += 1

    loader.copy("aktiviteter_aktivitet", columns, rows())
    # Named participants: a board's members at its meetings, a Tuesday call's callers.
    first_part = loader.next_id("aktiviteter_deltakelse")

    def participants():
        pk = first_part
        for activity, chapter in board_meetings:
            people = members["active"].get(chapter, [])
            for medlem in rng.sample(people, min(len(people), 5)):
                yield (pk, rng.random() < 0.9, activity, medlem)
                pk += 1
        everyone = members["all"]
        for activity, day in tuesday_ids:
            if day > today:
                continue
            for medlem in rng.sample(everyone, rng.randint(20, 45)):
                yield (pk, True, activity, medlem)
                pk += 1

    loader.copy(
        "aktiviteter_deltakelse", ["id", "til_stede", "aktivitet_id", "medlem_id"], participants()
    )


def _studies(loader, rng, n, ids, members, first_year, today, now) -> None:
    """Courses of six evening sessions with five to eight participants, attendance per session."""
    courses = max(1, n["studiesamlinger"] // SESSIONS_PER_COURSE)
    first_course = loader.next_id("aktiviteter_studietiltak")
    first_session = loader.next_id("aktiviteter_aktivitet")
    first_participant = loader.next_id("aktiviteter_kursdeltaker")
    first_attendance = loader.next_id("aktiviteter_oppmote")
    start = datetime.date(first_year, 1, 10)
    days = (datetime.date(today.year, 11, 30) - start).days
    plans = ["gronne_hjulet", "studiering", "studiering"]
    arranger = rng.choices(ids["chapters"], weights=ids["weights"], k=courses)
    course_rows, session_rows, participant_rows, attendance_rows = [], [], [], []
    session_pk, participant_pk, attendance_pk = first_session, first_participant, first_attendance
    for c in range(courses):
        pk = first_course + c
        chapter = arranger[c]
        people = members["active"].get(chapter) or members["active"][ids["chapters"][0]]
        course_rows.append(
            (pk, f"Kurs {c}", plans[c % 3], "", "", now, now, chapter, rng.choice(people))
        )
        first_day = start + datetime.timedelta(days=int(days * rng.random()))
        sessions = []
        for s in range(SESSIONS_PER_COURSE):
            day = first_day + datetime.timedelta(days=7 * s)
            state = "planlagt" if day > today else "avholdt"
            session_rows.append(
                (
                    session_pk,
                    "studiesamling",
                    f"Samling {s + 1}",
                    "",
                    day,
                    "18:00",
                    "20:15",
                    "Grendehuset",
                    "",
                    False,
                    state,
                    None,
                    False,
                    now,
                    now,
                    chapter,
                    pk,
                    False,
                    "",
                    "",
                    "",
                )
            )
            sessions.append((session_pk, state))
            session_pk += 1
        for medlem in rng.sample(people, min(len(people), rng.randint(5, 8))):
            participant_rows.append((participant_pk, "", None, medlem, pk))
            for session, state in sessions:
                if state == "avholdt" and rng.random() < 0.85:
                    attendance_rows.append((attendance_pk, 135, participant_pk, session))
                    attendance_pk += 1
            participant_pk += 1
    loader.copy(
        "aktiviteter_studietiltak",
        [
            "id",
            "tittel",
            "studieplan",
            "studieplan_navn",
            "beskrivelse",
            "opprettet",
            "endret",
            "arrangor_id",
            "kursleder_id",
        ],
        course_rows,
    )
    columns = ["id", "type", "tittel", "beskrivelse", "dato", "starttid", "sluttid", "sted"]
    columns += ["nettlenke", "digitalt", "status", "deltakerantall", "kombinert_med_temamote"]
    columns += ["opprettet", "endret", "enhet_id", "studietiltak_id"]
    columns += ["offentlig", "kontakt", "avlyst_grunn", "kontaktperson"]
    loader.copy("aktiviteter_aktivitet", columns, session_rows)
    loader.copy(
        "aktiviteter_kursdeltaker",
        ["id", "navn", "fodselsaar", "medlem_id", "studietiltak_id"],
        participant_rows,
    )
    loader.copy(
        "aktiviteter_oppmote", ["id", "minutter", "deltaker_id", "samling_id"], attendance_rows
    )


def _datoplan(loader, rng, ids, first_year, now) -> None:
    first_plan = loader.next_id("aktiviteter_datoplan")
    years = list(range(first_year, first_year + YEARS))
    loader.copy(
        "aktiviteter_datoplan",
        ["id", "aar", "opprettet"],
        ((first_plan + i, year, now) for i, year in enumerate(years)),
    )
    kinds = [
        "valgkamp",
        "reiserunde",
        "kandidatskolering",
        "mediekurs",
        "lokallagsledersamling",
        "fylkesstyremote",
    ]
    groups = ["alle_lokallag", "lokallagsledere", "kandidater", "styret", "alle_medlemmer"]
    first = loader.next_id("aktiviteter_datoplanpunkt")

    def rows():
        pk = first
        for i, year in enumerate(years):
            for p in range(80):
                day = datetime.date(year, 1 + p % 12, 1 + (p * 7) % 28)
                yield (
                    pk,
                    f"Punkt {p + 1}",
                    kinds[p % len(kinds)],
                    day,
                    None,
                    "for" if day.month < 7 else "etter",
                    groups[p % len(groups)],
                    "",
                    "planlagt",
                    now,
                    rng.choice(ids["chapters"]) if p % 3 == 0 else None,
                    first_plan + i,
                )
                pk += 1

    loader.copy(
        "aktiviteter_datoplanpunkt",
        [
            "id",
            "tittel",
            "type",
            "fra_dato",
            "til_dato",
            "fase",
            "malgruppe",
            "beskrivelse",
            "status",
            "endret",
            "ansvarlig_enhet_id",
            "plan_id",
        ],
        rows(),
    )


def _logins_and_targets(ids, members, first_year, today) -> None:
    from django.contrib.auth import get_user_model

    from aktiviteter.dashbord.defaults import maal_opprett_standard
    from medlemmer.models import Medlem

    User = get_user_model()
    admin = User.objects.create_superuser(ADMIN_EMAIL, PASSWORD)
    admin.first_name, admin.last_name = "Bench", "Admin"
    admin.save(update_fields=["first_name", "last_name"])
    biggest = max(ids["chapters"], key=lambda c: len(members["active"].get(c, [])))
    leader_user = User.objects.create_user(LEADER_EMAIL, PASSWORD)
    # The leader of the biggest chapter gets a login (the office is on the generated data).
    from lokallag.models import Verv

    verv = Verv.objects.filter(enhet_id=biggest, rolle="leder", til_dato__isnull=True).first()
    Medlem.objects.filter(pk=verv.medlem_id).update(bruker=leader_user)
    for aar in range(first_year, today.year + 1):
        maal_opprett_standard(aar=aar)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--json", help="write the counts and timings here as JSON")
    args = parser.parse_args()
    if not (args.database_url or "").startswith(("postgres://", "postgresql://")):
        raise SystemExit("--database-url (or BENCH_DATABASE_URL) must be a PostgreSQL URL.")
    result = generate(args.database_url, args.scale)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    for table, count in result["rows"].items():
        print(f"  {table:32} {count:>10,} rows  {result['timings'][table]:6.1f} s")


if __name__ == "__main__":
    main()
