"""One figure per target and date, wherever it is shown: the dashboard, the weekly digest,
the dashboard PDF and the draft annual report read the same source, so they say the same."""

import datetime
import shutil
import subprocess

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from aktiviteter.dashbord.defaults import maal_opprett_standard
from aktiviteter.dashbord.reports import aarsmelding
from aktiviteter.dashbord.selectors import county_dashboard
from aktiviteter.paaminnelser.services.innhold import ukesammendrag_tall
from tests.factories import AktivitetFactory, MedlemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dashboard_morning")]
D = datetime.date


@pytest.fixture
def year_of_data(org):
    maal_opprett_standard(aar=2026)
    MedlemFactory.create_batch(49, lokallag=org.lag_a, innmeldt=D(2026, 3, 1))
    # Joined and left again in the year: recruited all the same (the dashboard's rule).
    MedlemFactory(lokallag=org.lag_b, innmeldt=D(2026, 2, 1), utmeldt=D(2026, 6, 1))
    for week, antall in enumerate([35] * 25 + [23] * 17):
        AktivitetFactory(
            type="tirsdagsmote",
            enhet=org.fylke,
            dato=D(2026, 1, 6) + datetime.timedelta(weeks=week),
            deltakerantall=antall,
        )


def _pdf_text(content: bytes) -> str:
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


def _by_code(results) -> dict:
    return {r.maal.kode: r for r in results}


def test_the_digest_counts_new_members_as_the_dashboard_does(year_of_data):
    today = timezone.localdate()
    board = _by_code(county_dashboard(2026, today).results)
    digest = ukesammendrag_tall(today)
    assert board["nye-medlemmer"].measurement.value == 50
    assert digest["nye_i_aar"] == 50
    assert aarsmelding(2026, today).totals.new == 50
    text = render_to_string(
        "emails/ukesammendrag/body.txt",
        {**digest, "portal_url": "https://x/", "dashbord_url": "https://x/d/"},
    )
    assert "Nye medlemmer i 2026: 50" in text


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) mangler")
def test_digest_dashboard_and_pdfs_show_the_same_figures_for_the_same_date(
    client, board_user, year_of_data
):
    today = timezone.localdate()
    board = _by_code(county_dashboard(2026, today).results)
    tuesday = board["tirsdagsmoter"]
    assert tuesday.value_text == "25 av 42 møter hadde minst 30 (59,5\u00a0%); snitt 30,1"
    digest = {m["navn"]: m for m in ukesammendrag_tall(today)["maal"]}
    for r in board.values():
        assert digest[r.maal.navn]["verdi"] == r.value_text
        assert digest[r.maal.navn]["maal"] == r.goal_text
        assert digest[r.maal.navn]["status"] == r.tilstand.label

    client.force_login(board_user)
    page = client.get(reverse("dashbord:index")).content.decode()
    pdf = _pdf_text(client.get(reverse("dashbord:pdf")).content)
    report = _pdf_text(client.get(reverse("dashbord:aarsmelding")).content)
    for text in (page, pdf, report):
        assert "minst 30 på hvert møte" in text
        assert "25 av 42 møter hadde minst 30" in text and "snitt 30,1" in text
    assert "50 nye medlemmer meldte seg inn" in report
