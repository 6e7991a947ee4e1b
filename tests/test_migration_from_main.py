"""A database made by main as of 7162cca (before the follow-up moved to lokallag), with the demo
organisation in it, migrates to the code of today and keeps every row.

``tests/fixtures/main_7162cca_demo.sql.gz`` is ``sqlite3 .dump`` of that database (made with
``manage.py migrate`` and ``manage.py demodata`` in a worktree of 7162cca); the JSON beside it
holds each table's row count and a checksum of its rows, so a changed dump is noticed. The test
migrates to whatever the latest migrations are, so later migrations keep it working: it asks
only that every row of the old database is still there (new columns and new rows may come).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DUMP = FIXTURES / "main_7162cca_demo.sql.gz"
FINGERPRINT = FIXTURES / "main_7162cca_demo.json"

# Moved from aktiviteter to lokallag.oppfolging, on the same tables.
MOVED_TABLES = {
    "aktiviteter_besok": "besok",
    "aktiviteter_medieoppslag": "medieoppslag",
    "aktiviteter_medvert": "medvert",
}


def _restore(target: str) -> sqlite3.Connection:
    db = sqlite3.connect(target)
    db.executescript(gzip.decompress(DUMP.read_bytes()).decode())
    db.commit()
    return db


def _tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows]


def _columns(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]


def _rows(db: sqlite3.Connection, table: str, columns: list[str]) -> list[str]:
    names = ", ".join(f'"{c}"' for c in columns)
    return sorted(repr(tuple(r)) for r in db.execute(f'SELECT {names} FROM "{table}"'))


def fingerprint(db: sqlite3.Connection) -> dict[str, dict]:
    """Per table: the number of rows and a SHA-256 of its rows (sorted)."""
    result = {}
    for table in _tables(db):
        rows = _rows(db, table, _columns(db, table))
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        result[table] = {"rows": len(rows), "sha256": digest}
    return result


def _manage(db_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


READ_MOVED = """
import json
from lokallag.oppfolging.models import Besok, Medieoppslag, Medvert
from django.contrib.contenttypes.models import ContentType
print(json.dumps({
    "besok": sorted(
        [b.pk, b.aktivitet_id, b.medlem_id, b.rolle, b.aktivitet.tittel, b.medlem.navn]
        for b in Besok.objects.select_related("aktivitet", "medlem")
    ),
    "medieoppslag": sorted(
        [m.pk, m.lokallag.navn, m.type, m.dato.isoformat(), m.medium, m.tittel]
        for m in Medieoppslag.objects.select_related("lokallag")
    ),
    "medvert": sorted(
        [m.pk, m.aktivitet_id, m.lokallag.navn] for m in Medvert.objects.select_related("lokallag")
    ),
    "content_types": {
        m._meta.model_name: ContentType.objects.get_for_model(m).pk
        for m in (Besok, Medieoppslag, Medvert)
    },
}))
"""


def test_the_dump_is_the_one_fingerprinted():
    before = _restore(":memory:")
    assert fingerprint(before) == json.loads(FINGERPRINT.read_text())["tables"]


def test_a_database_from_main_migrates_and_keeps_every_row(tmp_path):
    before = _restore(":memory:")
    db_path = tmp_path / "from_main.sqlite3"
    _restore(str(db_path)).close()

    migrated = _manage(db_path, "migrate", "--noinput")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    check = _manage(db_path, "migrate", "--check")
    assert check.returncode == 0, check.stdout + check.stderr
    plan = _manage(db_path, "showmigrations", "--plan")
    assert plan.returncode == 0, plan.stderr
    assert "[ ]" not in plan.stdout

    after = sqlite3.connect(db_path)
    old_types = {
        pk: (app, model)
        for pk, app, model in before.execute("SELECT id, app_label, model FROM django_content_type")
    }
    for table in _tables(before):
        columns = _columns(before, table)
        old_rows = Counter(_rows(before, table, columns))
        new_rows = Counter(_rows(after, table, columns))
        if table == "django_content_type":
            # The moved models' content types are renamed in place (same id, new app).
            moved = set(MOVED_TABLES.values())
            renamed = {
                pk: ("lokallag", model)
                for pk, (app, model) in old_types.items()
                if app == "aktiviteter" and model in moved
            }
            assert len(renamed) == len(moved)
            old_rows = Counter(
                repr((pk, *renamed.get(pk, (app, model)))) for pk, (app, model) in old_types.items()
            )
        missing = old_rows - new_rows
        assert not missing, (
            f"{table}: {sum(missing.values())} rows gone, e.g. {next(iter(missing))}"
        )
        if table in MOVED_TABLES:
            assert new_rows == old_rows, f"{table} changed"

    # The moved models read their rows through the ORM of today's code.
    read = _manage(db_path, "shell", "-c", READ_MOVED)
    assert read.returncode == 0, read.stderr
    found = json.loads(read.stdout.strip().splitlines()[-1])
    expected_besok = sorted(
        [pk, aktivitet, medlem, rolle, tittel, f"{fornavn} {etternavn}"]
        for pk, aktivitet, medlem, rolle, tittel, fornavn, etternavn in before.execute(
            "SELECT b.id, b.aktivitet_id, b.medlem_id, b.rolle, a.tittel, m.fornavn, m.etternavn "
            "FROM aktiviteter_besok b JOIN aktiviteter_aktivitet a ON a.id = b.aktivitet_id "
            "JOIN medlemmer_medlem m ON m.id = b.medlem_id"
        )
    )
    assert found["besok"] == expected_besok
    assert found["medieoppslag"] == sorted(
        list(row)
        for row in before.execute(
            "SELECT o.id, l.navn, o.type, o.dato, o.medium, o.tittel FROM aktiviteter_medieoppslag o "
            "JOIN lokallag_lokallag l ON l.id = o.lokallag_id"
        )
    )
    assert found["medvert"] == sorted(
        list(row)
        for row in before.execute(
            "SELECT v.id, v.aktivitet_id, l.navn FROM aktiviteter_medvert v "
            "JOIN lokallag_lokallag l ON l.id = v.lokallag_id"
        )
    )
    assert found["besok"] and found["medieoppslag"] and found["medvert"]
    old_ids = {model: pk for pk, (app, model) in old_types.items() if app == "aktiviteter"}
    assert found["content_types"] == {model: old_ids[model] for model in MOVED_TABLES.values()}
