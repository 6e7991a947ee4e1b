"""A trigram index for the member search (``MedlemQuerySet.sok``: every word is contained in
``sok_tekst``, the names and the address in capitals). A GIN trigram index answers
``LIKE '%WORD%'`` without reading every member when the word is selective. PostgreSQL only
(SQLite has no pg_trgm), so the index is not in the model state; bench/RESULTS.md has the
member list at national scale."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS medlem_sok_tekst_trgm ON medlemmer_medlem "
        "USING gin (sok_tekst gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS medlem_sok_tekst_trgm")


class Migration(migrations.Migration):
    dependencies = [("medlemmer", "0004_sok_tekst")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
