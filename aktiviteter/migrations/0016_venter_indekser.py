"""Two partial indexes for «Venter på deg» on a chapter's page (aktiviteter.gjoremal), by
chapter and in the list's order (newest first), each holding only the rows one of its lists
can show:

- ``aktivitet_planlagt``: the planned activities. The Tuesday calls waiting for their count
  and the activities not marked held are planned ones whose day has passed: a few rows, where
  the chapter's index on (enhet, dato) walks every past activity of the chapter (87 ms for the
  biggest chapter at national scale when none waits).
- ``aktivitet_studiesamling``: the course sessions not cancelled, with their course, so that
  the sessions waiting for attendance are read from the index alone (the attendance is
  another table and must still be looked up per session).

PostgreSQL only (``INCLUDE``; SQLite lists are small), so the indexes are not in the model
state, as medlemmer 0008; bench/RESULTS.md has the chapter page at national scale."""

from django.db import migrations

INDEXES = {
    "aktivitet_planlagt": "(enhet_id, dato DESC, id DESC) WHERE status = 'planlagt'",
    "aktivitet_studiesamling": (
        "(enhet_id, dato DESC, id DESC) INCLUDE (studietiltak_id) "
        "WHERE type = 'studiesamling' AND status <> 'avlyst'"
    ),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON aktiviteter_aktivitet {definition}"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("aktiviteter", "0015_kommuner")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
