"""The dashboard PDF prints every column of its wide tables: «Per lokallag» and «Per distrikt»
come in parts of at most eight targets (reports.table_parts), read back with pdftotext."""

import re
import shutil
import subprocess
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from aktiviteter.dashbord.reports import PDF_TARGET_COLUMNS, table_parts
from aktiviteter.dashbord.selectors import county_dashboard

pytestmark = pytest.mark.django_db


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _pdf_lines(content: bytes) -> list[str]:
    """The PDF's lines as pdftotext lays them out (a table row on one line), with runs of
    whitespace as single spaces."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return [_normalised(line) for line in text.splitlines() if line.strip()]


def _words(text: str) -> set[str]:
    return set(re.split(r"[\s-]+", text)) - {""}


def _first(lines: list[str], prefix: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(prefix))


@pytest.mark.parametrize(
    ("count", "widths"),
    [(0, []), (1, [1]), (8, [8]), (9, [5, 4]), (15, [8, 7]), (16, [8, 8]), (17, [6, 6, 5])],
)
def test_the_wide_tables_are_cut_into_even_parts_of_at_most_eight_targets(count, widths):
    results = [f"m{i}" for i in range(count)]
    row = SimpleNamespace(cells=[f"c{i}" for i in range(count)])
    district = SimpleNamespace(cells=[f"d{i}" for i in range(count)])
    dashboard = SimpleNamespace(results=results, rows=[row], districts=[district])
    parts = table_parts(dashboard)
    assert [len(p.results) for p in parts] == widths
    assert all(w <= PDF_TARGET_COLUMNS for w in widths)
    assert [r for p in parts for r in p.results] == results
    assert [c for p in parts for c in p.rows[0][1]] == row.cells
    assert [c for p in parts for c in p.districts[0][1]] == district.cells
    assert [(p.first, p.last) for p in parts][:1] == ([(1, widths[0])] if widths else [])


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) mangler")
def test_the_dashboard_pdf_prints_every_column_of_the_wide_tables(client, demo_org):
    client.force_login(get_user_model().objects.get(email="styre@demo.buskerudsp.no"))
    response = client.get(reverse("dashbord:pdf"))
    assert response.status_code == 200
    lines = _pdf_lines(response.content)
    today = timezone.localdate()
    dashboard = county_dashboard(today.year, today)
    parts = table_parts(dashboard)
    assert len(dashboard.results) > PDF_TARGET_COLUMNS and len(parts) > 1
    names = [r.maal.navn for r in dashboard.results]

    per_chapter = lines[_first(lines, "Per lokallag (") : _first(lines, "Per distrikt (")]
    per_district = lines[_first(lines, "Per distrikt (") :]
    # Every column header: a header wraps (at a space or after a hyphen), and pdftotext may
    # interleave the lines of two neighbouring headers, so each of its words is looked for.
    for section, headers in (
        (per_chapter, ["Lokallag", "Distrikt", *names]),
        (per_district, ["Distrikt", "Lag", *names]),
    ):
        words = _words(" ".join(section))
        for header in headers:
            assert _words(header) <= words, header
    assert sum(line.startswith("Per lokallag (") for line in per_chapter) == len(parts)
    assert sum(line.startswith("Per distrikt (") for line in per_district) == len(parts)

    # Every row's values in column order, one line per part, the last column's included.
    for part in parts:
        for row, cells in part.rows:
            place = [row.chapter.distrikt.navn if row.chapter.distrikt else "–"]
            values = [
                row.chapter.navn,
                *(place if part.first == 1 else []),
                *(c.text for c in cells),
            ]
            assert _normalised(" ".join(values)) in per_chapter, values
        for district, cells in part.districts:
            values = [district.navn, str(district.chapters), *cells]
            assert _normalised(" ".join(values)) in per_district, values
    # The last column is the last target's, with its values (checked in the lines above).
    assert parts[-1].results[-1] is dashboard.results[-1]
    assert parts[-1].last == len(dashboard.results)
