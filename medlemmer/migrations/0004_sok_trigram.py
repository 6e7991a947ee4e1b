"""Trigram indexes for the member search (``MedlemQuerySet.sok``: every word ``icontains`` the
first name, the last name or the e-mail). On PostgreSQL ``icontains`` is
``UPPER(col::text) LIKE UPPER('%word%')``; a GIN trigram index on that expression answers it
without reading every member. PostgreSQL only (SQLite has no pg_trgm), so the indexes are not
in the model state; ``bench/RESULTS.md`` has the member list with and without them."""

from django.db import migrations

COLUMNS = ("fornavn", "etternavn", "epost")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS medlem_sok_{column}_trgm ON medlemmer_medlem "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS medlem_sok_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("medlemmer", "0003_medlemsimport")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
