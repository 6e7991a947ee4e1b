"""User text in the spreadsheets the portal writes (XLSX and CSV) stays text.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` is a formula to Excel and
LibreOffice (``=HYPERLINK(...)`` leaks data when clicked, ``=cmd|...`` ran programs in older
Excel). Names and titles come from members, leaders and the national register, so every writer
goes through this module instead of putting strings into cells itself.
"""

from __future__ import annotations

from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

# OWASP's list: these start a formula, or (tab, carriage return) hide a formula after them.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """A text cell for CSV, made inert with a leading apostrophe (Excel's own "this is text"
    marker) when it would otherwise start a formula. CSV has no cell types, so the marker is
    the only protection; it is visible, which is the accepted price."""
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


def from_csv_text(text: str) -> str:
    """Undo ``csv_text``, so that an exported file imports again unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_PREFIXES:
        return text[1:]
    return text


def xlsx_cell(ws: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Write a value into a worksheet cell; a string is always stored as a string.

    openpyxl turns any string that starts with ``=`` into a formula; forcing the type to
    ``"s"`` stores it as a string cell instead, so the text is kept exactly, without the
    apostrophe that CSV needs."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell
