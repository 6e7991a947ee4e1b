"""Benchmark of the member import: 20,000 register rows through preview and confirmation.

    .venv/bin/python bench/member_import.py            # a throwaway SQLite file in var/
    DATABASE_URL=postgres://… .venv/bin/python bench/member_import.py

Migrates the database, then runs everything inside one transaction that is rolled back, so
the database is left as it was. Prints seconds per step; numbers go in README.md
("Import fra medlemsregisteret"). Not a test: timings depend on the machine.
"""

import csv
import io
import os
import sys
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "20000"))
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buskerud_sp.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-import.sqlite3'}")


class Rollback(Exception):
    pass


def register_file(rows: int, *, phone_prefix: str = "4") -> bytes:
    from medlemmer.importing import COLUMNS

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([column.name for column in COLUMNS])
    for n in range(rows):
        writer.writerow(
            [
                f"B{n:07d}",
                f"Fornavn{n}",
                f"Etternavn{n}",
                f"bench{n}@eksempel.no",
                f"{phone_prefix}{n:07d}",
                f"Storgata {n % 200}",
                f"{3000 + n % 100:04d}",
                "Drammen",
                f"{1 + n % 28:02d}.{1 + n % 12:02d}.{1940 + n % 60}",
                "KM"[n % 2],
                "9901" if n % 2 else "bench-b",
                "01.03.2019",
                "",
                "31.12.2026",
                "nei",
                "ja" if n % 3 == 0 else "nei",
                "nei",
            ]
        )
    return out.getvalue().encode("cp1252")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from buskerud_sp.core.models import User
    from lokallag.models import Lokallag
    from medlemmer.importing import medlemsimport_confirm, medlemsimport_create
    from medlemmer.models import Medlem

    call_command("migrate", verbosity=0)
    print(f"{ROWS} rows on {connection.vendor}")

    def step(label: str, data: bytes, admin) -> None:
        start = time.perf_counter()
        imp = medlemsimport_create(uploaded_by=admin, filename="bench.csv", data=data)
        previewed = time.perf_counter()
        result = medlemsimport_confirm(medlemsimport=imp)
        done = time.perf_counter()
        imp.refresh_from_db()
        print(
            f"{label:<22} preview {previewed - start:5.2f} s, confirm {done - previewed:5.2f} s"
            f"  ({result.value}: {imp.antall_nye} new, {imp.antall_endret} updated,"
            f" {imp.antall_uendret} unchanged, {imp.antall_avvist} rejected)"
        )

    try:
        with transaction.atomic():
            Lokallag.objects.create(navn="Bench A Sp", slug="bench-a", kommunenummer="9901")
            Lokallag.objects.create(navn="Bench B Sp", slug="bench-b", kommunenummer="9902")
            admin = User.objects.create_superuser("bench@example.invalid")
            step("first import", register_file(ROWS), admin)
            step("same file again", register_file(ROWS), admin)
            step("every phone changed", register_file(ROWS, phone_prefix="9"), admin)
            assert Medlem.objects.filter(medlemsnummer__startswith="B").count() == ROWS
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
