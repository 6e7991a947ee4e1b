"""An index of the members by chapter and join date that also holds the leaving date and the
gender, so that a chapter's page counts its members, this year's new ones and the women from
the index alone (``lokallag.views.chapter_detail``): the chapter's rows are otherwise read one
by one from the table (25 ms for the biggest chapter at national scale, cold).

PostgreSQL only (``INCLUDE``), so the index is not in the model state, as in 0008."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS medlem_lokallag_innmeldt ON medlemmer_medlem "
        "(lokallag_id, innmeldt) INCLUDE (utmeldt, kjonn)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS medlem_lokallag_innmeldt")


class Migration(migrations.Migration):
    dependencies = [("medlemmer", "0009_medlemsimport_tolkning")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
