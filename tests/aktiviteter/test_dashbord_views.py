"""The dashboard pages: the board's start page, a leader's chapter view, the admins' target
editing (defaults, a new generic target, errors at the field), sorting and the PDF exports."""

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from aktiviteter.dashbord.defaults import maal_opprett_standard
from aktiviteter.dashbord.models import Maal
from buskerud_sp.core.models import AuditEntry
from tests.factories import AktivitetFactory, LokallagFactory, MedlemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return timezone.localdate().year


@pytest.fixture
def targets(org, year):
    maal_opprett_standard(aar=year)
    return {m.kode: m for m in Maal.objects.for_aar(year)}


def test_the_boards_start_page_is_the_dashboard_with_every_target(client, board_user, targets):
    client.force_login(board_user)
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    for maal in targets.values():
        assert maal.navn in body
    assert "Per lokallag" in body and "Per distrikt" in body
    assert "Drammen Senterparti" in body and "Gol Senterparti" in body
    assert 'role="img"' in body and "<desc" in body  # charts with a text alternative
    assert "/medlemmer/?status=nye" in body  # drill-down to the new members


def test_a_leader_sees_only_the_own_chapters_contribution(client, org, leader_b, targets):
    MedlemFactory(lokallag=org.lag_a, innmeldt=timezone.localdate())
    MedlemFactory(lokallag=org.lag_b, innmeldt=timezone.localdate())
    client.force_login(leader_b)
    response = client.get(reverse("dashbord:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Gol Senterparti: bidrag til virksomhetsplanens mål" in body
    assert "Drammen" not in body and "Drammensregionen" not in body
    assert f"lokallag={org.lag_b.pk}" in body  # the drill-down keeps to the chapter
    contributions = {c.resultat.maal.kode: c for c in response.context["dashboard"].contributions}
    assert contributions["nye-medlemmer"].cell.text == "1"
    assert client.get(reverse("dashbord:index"), {"lag": "drammen"}).status_code == 404


def test_the_board_can_open_a_chapters_view(client, org, board_user, targets):
    client.force_login(board_user)
    response = client.get(reverse("dashbord:index"), {"lag": "drammen"})
    assert response.status_code == 200
    assert "Drammen Senterparti: bidrag" in response.content.decode()


def test_the_chapter_table_sorts_by_a_target(client, org, board_user, targets):
    third = LokallagFactory(navn="Hole Senterparti", slug="hole", distrikt=org.distrikt_a)
    for chapter, count in ((org.lag_a, 1), (org.lag_b, 3), (third, 2)):
        MedlemFactory.create_batch(count, lokallag=chapter, innmeldt=timezone.localdate())
    client.force_login(board_user)
    column = f"m{list(targets).index('nye-medlemmer')}"
    response = client.get(reverse("dashbord:index"), {"sorter": column, "retning": "synkende"})
    names = [row.chapter.navn for row in response.context["dashboard"].rows]
    assert names == ["Gol Senterparti", "Hole Senterparti", "Drammen Senterparti"]
    assert 'aria-sort="descending"' in response.content.decode()
    response = client.get(reverse("dashbord:index"), {"sorter": column})
    assert response.context["dashboard"].rows[0].chapter.navn == "Drammen Senterparti"


def test_the_admin_creates_the_plans_targets_once(client, admin_user, board_user, year):
    client.force_login(admin_user)
    body = client.get(reverse("dashbord:index")).content.decode()
    assert "Opprett målene fra virksomhetsplanen" in body
    url = reverse("dashbord:maal_defaults")
    response = client.post(url, {"aar": year}, follow=True)
    assert "17 mål fra virksomhetsplanen er opprettet" in response.content.decode()
    response = client.post(url, {"aar": year}, follow=True)
    assert "finnes allerede" in response.content.decode()
    assert Maal.objects.for_aar(year).count() == 17
    assert AuditEntry.objects.filter(object_type="aktiviteter.maal").count() == 17
    client.force_login(board_user)
    assert client.post(url, {"aar": year}).status_code == 404


def test_the_admin_adds_a_generic_target_without_code(client, org, admin_user, year):
    client.force_login(admin_user)
    today = timezone.localdate()
    AktivitetFactory(type="folkemote", enhet=org.lag_b, dato=today)
    AktivitetFactory(type="folkemote", enhet=org.lag_a, dato=today, status="avlyst")
    response = client.post(
        reverse("dashbord:maal_create"),
        {
            "aar": year,
            "navn": "Folkemøter i lokallaga",
            "maaling": "aktiviteter",
            "aktivitetstype": "folkemote",
            "studieplan": "studiering",  # not read by this measurement: emptied
            "art": "antall",
            "maalverdi": "2",
            "periode": "aar",
            "rekkefolge": "5",
            "aktiv": "on",
        },
    )
    assert response.status_code == 302
    maal = Maal.objects.get(navn="Folkemøter i lokallaga")
    assert (maal.studieplan, maal.maalverdi) == ("", Decimal(2))
    result = client.get(reverse("dashbord:index")).context["dashboard"].results[0]
    assert (result.maal, result.value_text, result.goal_text) == (maal, "1", "minst 2")
    detail = client.get(reverse("dashbord:maal_detail", kwargs={"pk": maal.pk}))
    rows = {chapter.navn: cell.text for chapter, cell in detail.context["detail"].rows}
    assert rows == {"Drammen Senterparti": "0", "Gol Senterparti": "1"}


def test_target_errors_are_shown_at_the_field_and_nothing_is_saved(client, admin_user, year):
    client.force_login(admin_user)
    response = client.post(
        reverse("dashbord:maal_create"),
        {
            "aar": year,
            "navn": "Uten type",
            "maaling": "aktiviteter",
            "art": "dekning",
            "maalverdi": "150",
            "periode": "kvartal",
            "rekkefolge": "1",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["aktivitetstype"] == ["Velg aktivitetstypen som telles."]
    assert errors["maalverdi"] == ["En andel kan ikke være over 100 %."]
    assert errors["periode"] == ["Halvår og kvartal gjelder bare antall som telles opp."]
    response = client.post(
        reverse("dashbord:maal_create"),
        {
            "aar": year,
            "navn": "Verv",
            "maaling": "verv",
            "rolle": "leder",
            "art": "antall",
            "maalverdi": "3",
            "periode": "aar",
            "rekkefolge": "1",
        },
    )
    assert response.context["form"].errors["art"] == [
        "Denne målingen kan bare brukes som: dekning."
    ]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Maal.objects.exists()


def test_editing_and_hiding_a_target(client, admin_user, targets):
    client.force_login(admin_user)
    maal = targets["sosiale-medier"]
    url = reverse("dashbord:maal_edit", kwargs={"pk": maal.pk})
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "aktiv"}
    data.update(navn="Sosiale medier oppdatert", dager=14)
    assert client.post(url, data).status_code == 302
    maal.refresh_from_db()
    assert (maal.navn, maal.dager, maal.aktiv) == ("Sosiale medier oppdatert", 14, False)
    names = [r.maal.navn for r in client.get("/").context["dashboard"].results]
    assert "Sosiale medier oppdatert" not in names and len(names) == 16
    assert AuditEntry.objects.filter(object_id=str(maal.pk), action="update").exists()


def _pdf_text(content: bytes) -> str:
    """The PDF's text with runs of whitespace (wrapped table cells) as single spaces."""
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.split())


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) mangler")
def test_the_pdfs_hold_the_targets_and_the_chapters(client, org, board_user, leader_b, targets):
    year = timezone.localdate().year
    client.force_login(board_user)
    response = client.get(reverse("dashbord:pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="dashbord-{year}.pdf"' in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert f"Virksomhetsplanens mål {year}" in text
    assert "Nye medlemmer" in text and "Gol Senterparti" in text
    report = _pdf_text(client.get(reverse("dashbord:aarsmelding")).content)
    assert f"årsmelding {year}" in report and "Utkast" in report
    assert "Drammen Senterparti" in report and "Studiearbeid" in report
    client.force_login(leader_b)
    own = _pdf_text(client.get(reverse("dashbord:pdf")).content)
    assert "Gol Senterparti" in own and "Drammen" not in own


def test_the_admin_chooses_how_the_tuesday_target_is_judged(client, admin_user, targets):
    client.force_login(admin_user)
    maal = targets["tirsdagsmoter"]
    assert maal.vurdering == "hver_gang"  # per call unless the admin says otherwise
    url = reverse("dashbord:maal_edit", kwargs={"pk": maal.pk})
    page = client.get(url)
    assert 'name="vurdering"' in page.content.decode()
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update(vurdering="snitt")
    assert client.post(url, data).status_code == 302
    maal.refresh_from_db()
    assert maal.vurdering == "snitt"
    (result,) = [r for r in client.get("/").context["dashboard"].results if r.maal == maal]
    assert result.goal_text == "minst 30 i snitt per møte"
    # Another kind of target does not read it: the form keeps it at the default.
    other = targets["nye-medlemmer"]
    url = reverse("dashbord:maal_edit", kwargs={"pk": other.pk})
    data = {k: v for k, v in client.get(url).context["form"].initial.items() if v is not None}
    data.update(vurdering="snitt")
    assert client.post(url, data).status_code == 302
    other.refresh_from_db()
    assert other.vurdering == "hver_gang"
