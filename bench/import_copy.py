"""The member import of a register file against PostgreSQL ``COPY`` of the same rows.

    .venv/bin/python bench/import_copy.py --database-url postgres://…/bench_full [--rows 100000]

The register file is ``member_import.register_file`` (every column the register exports, CSV
in cp1252, as the register sends it). The import runs as an admin runs it: preview
(``medlemsimport_create``: decode, parse, validate, match against the register) and confirm
(``medlemsimport_confirm``: analyse again against the register as it is now, then bulk
writes). ``COPY`` loads the same rows, already parsed, straight into the member table: the
floor of getting them into PostgreSQL at all. Both run inside transactions that are rolled
back, so the database is left as it was.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


class Rollback(Exception):
    pass


def measure(database_url: str, rows: int = 100_000) -> dict:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buskerud_sp.settings")
    # The county's default upload limit is 10 MB; a national register of 100,000 rows is 14.
    os.environ.setdefault("MEMBER_IMPORT_MAX_BYTES", str(64 * 1024 * 1024))
    import django

    django.setup()
    from django.db import connection, transaction
    from member_import import register_file

    from buskerud_sp.core.models import User
    from lokallag.models import Lokallag
    from medlemmer.importing import medlemsimport_confirm, medlemsimport_create

    data = register_file(rows)
    result: dict = {"rows": rows, "file_bytes": len(data)}
    try:
        with transaction.atomic():
            Lokallag.objects.create(navn="Bench A Sp", slug="bench-a", kommunenummer="9901")
            Lokallag.objects.create(navn="Bench B Sp", slug="bench-b", kommunenummer="9902")
            admin = User.objects.create_superuser("import@bench.invalid")
            started = time.perf_counter()
            imp = medlemsimport_create(uploaded_by=admin, filename="register.csv", data=data)
            previewed = time.perf_counter()
            outcome = medlemsimport_confirm(medlemsimport=imp)
            done = time.perf_counter()
            imp.refresh_from_db()
            result.update(
                preview_s=round(previewed - started, 2),
                confirm_s=round(done - previewed, 2),
                import_s=round(done - started, 2),
                outcome=str(outcome.value),
                created=imp.antall_nye,
                rejected=imp.antall_avvist,
            )
            raise Rollback
    except Rollback:
        pass
    try:
        with transaction.atomic():
            chapter = Lokallag.objects.create(navn="Bench C Sp", slug="bench-c")
            buffer = io.StringIO()
            for n in range(rows):
                buffer.write(
                    f"C{n:07d}\tFornavn{n}\tEtternavn{n}\tcopy{n}@eksempel.no\t4{n:07d}\t"
                    f"Storgata {n % 200}\t{3000 + n % 100:04d}\tDrammen\t"
                    f"{1940 + n % 60}-{1 + n % 12:02d}-{1 + n % 28:02d}\t{'KM'[n % 2]}\t"
                    f"2019-03-01\t\\N\t\tf\t\tf\t{'t' if n % 3 == 0 else 'f'}\tf\tf\t"
                    f"2026-12-31\tnow\tnow\t{chapter.pk}\tf\tf\tf\tf\tf\tf\n"
                )
            buffer.seek(0)
            columns = (
                "medlemsnummer, fornavn, etternavn, epost, telefon, adresse, postnummer, "
                "poststed, fodselsdato, kjonn, innmeldt, utmeldt, utmeldingsgrunn, folkevalgt, "
                "folkevalgt_verv, senterungdommen, senterkvinnene, samtykke_paaminnelser, "
                "samtykke_arkiv, kontingent_betalt_til, opprettet, endret, lokallag_id, "
                "samtykke_fylket, samtykke_lokallaget, samtykke_kvinnenettverket, "
                "samtykke_ungdommen, samtykke_invitasjoner, foretrekker_sms"
            )
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.cursor.copy_expert(
                    f"COPY medlemmer_medlem ({columns}) FROM STDIN WITH (FORMAT text)", buffer
                )
            result["copy_s"] = round(time.perf_counter() - started, 2)
            raise Rollback
    except Rollback:
        pass
    result["ratio"] = round(result["import_s"] / result["copy_s"], 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--json", help="write the result here as JSON")
    args = parser.parse_args()
    result = measure(args.database_url, args.rows)
    print(json.dumps(result, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
