"""Migration 0007: existing digital study sessions are taken to have been live (they were video
meetings with a link, and were judged and reported as counting); other activities are untouched."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("aktiviteter", "0006_aktivitet_listeorden")]
AFTER = [("aktiviteter", "0008_digital_studiesamling_sanntid_besvart")]


@pytest.fixture
def back_to_the_latest_schema():
    """The test moves the schema back in time; later tests need every migration applied."""
    yield
    call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_existing_digital_sessions_are_marked_live(org, back_to_the_latest_schema):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Aktivitet = old.get_model("aktiviteter", "Aktivitet")
    Studietiltak = old.get_model("aktiviteter", "Studietiltak")
    Medlem = old.get_model("medlemmer", "Medlem")
    leader = Medlem.objects.create(
        fornavn="Kari",
        etternavn="Kurs",
        lokallag_id=org.lag_a.pk,
        innmeldt=datetime.date(2020, 1, 1),
    )
    course = Studietiltak.objects.create(
        tittel="Kurs", studieplan="studiering", arrangor_id=org.lag_a.pk, kursleder=leader
    )
    common = {"enhet_id": org.lag_a.pk, "dato": datetime.date(2026, 3, 1), "status": "avholdt"}
    digital = Aktivitet.objects.create(
        type="studiesamling", tittel="d", studietiltak=course, digitalt=True, **common
    )
    physical = Aktivitet.objects.create(
        type="studiesamling", tittel="f", studietiltak=course, digitalt=False, **common
    )
    call = Aktivitet.objects.create(type="styremote", tittel="s", digitalt=True, **common)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("aktiviteter", "Aktivitet")
    assert dict(new.objects.values_list("pk", "sanntid")) == {
        digital.pk: True,
        physical.pk: None,
        call.pk: None,
    }
