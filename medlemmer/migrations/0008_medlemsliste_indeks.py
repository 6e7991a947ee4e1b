"""An index in the member list's order that also holds every column the list filters on, so
that a page of the list is found by walking the index from the start and stopping at the
page's last match, without reading the members' rows (``medlemmer.selectors.member_rows``
reads only the page's rows afterwards). For a frequent search word that stops early; for a
rare one the planner takes the trigram index of 0005 and sorts the few matches instead.

PostgreSQL only (``INCLUDE``; SQLite lists are small), so the index is not in the model
state, as in 0005; bench/RESULTS.md has the member list at national scale."""

from django.db import migrations

# Key: the list's order (Medlem.Meta.ordering). Included: what MedlemQuerySet.visible_to,
# .sok and medlemmer.selectors.filtered_members filter on.
COLUMNS = "etternavn, fornavn, id"
INCLUDED = (
    "sok_tekst, telefon, kjonn, innmeldt, utmeldt, lokallag_id, fodselsdato, "
    "senterungdommen, senterkvinnene, folkevalgt"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS medlem_liste_rekkefolge ON medlemmer_medlem ({COLUMNS}) "
        f"INCLUDE ({INCLUDED})"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS medlem_liste_rekkefolge")


class Migration(migrations.Migration):
    dependencies = [("medlemmer", "0007_utsendinger")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
