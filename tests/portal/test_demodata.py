"""The demo organisation: DESIGN.md §3, loaded idempotently, and stable under the nightly jobs."""

import pytest
from django.core.management import call_command

from lokallag.models import Distrikt, Lokallag
from medlemmer import personvern
from medlemmer.models import Kjonn, Medlem

pytestmark = pytest.mark.django_db

CHAPTERS = {
    "Drammen",
    "Flesberg",
    "Flå",
    "Gol",
    "Hemsedal",
    "Hol",
    "Hole",
    "Kongsberg",
    "Krødsherad",
    "Lier",
    "Modum",
    "Nesbyen",
    "Nore og Uvdal",
    "Ringerike",
    "Rollag",
    "Sigdal",
    "Ål",
    "Øvre Eiker",
}


def test_demo_organisation_matches_the_design(capsys):
    call_command("demodata")
    out = capsys.readouterr().out
    assert "leder.drammen@demo.buskerudsp.no" in out and "demo-passord-2024" in out
    sp = Lokallag.objects.lokallag().filter(organisasjon="sp")
    assert {c.kommune for c in sp} == CHAPTERS
    assert Distrikt.objects.count() == 5
    assert Lokallag.objects.lokallag().filter(organisasjon="su").exists()
    members = Medlem.objects.aktive()
    women = members.filter(kjonn=Kjonn.KVINNE).count() / members.count()
    assert 0.30 < women < 0.45
    assert members.count() > 250


def test_demodata_twice_and_after_the_retention_job_changes_no_counts():
    call_command("demodata")
    personvern.apply_retention()
    before = (Medlem.objects.count(), Lokallag.objects.count())
    call_command("demodata")
    assert (Medlem.objects.count(), Lokallag.objects.count()) == before
