"""Bytes of an uploaded file → a header row and data rows.

CSV: comma, semicolon or tab (detected from the header line); UTF-8 with or without BOM,
UTF-16 with BOM (Excel's «Unicode-tekst»), otherwise Windows-1252 as Norwegian Excel writes
it. XLSX: the first sheet. Anything else is refused with a message naming the problem.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .columns import MAX_COLUMNS

# A register of a county has some tens of thousands of members; this bounds hostile files.
MAX_ROWS = 100_000

_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


class ImportFileError(Exception):
    """The file as a whole cannot be imported; the message is shown next to the upload field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    format: str  # "csv" or "xlsx"
    header_row: int
    headers: list[Any]
    # (row number as the admin sees it in Excel, cells)
    rows: list[tuple[int, list[Any]]]
    delimiter: str = ""
    encoding: str = ""


def read_table(data: bytes) -> Table:
    if not data or not data.strip():
        raise ImportFileError(_("Fila er tom."))
    if data.startswith(_XLSX_MAGIC):
        table = _read_xlsx(data)
    elif data.startswith(_OLE_MAGIC):
        raise ImportFileError(
            _("Gamle Excel-filer (.xls) kan ikke leses. Lagre fila som .xlsx eller CSV.")
        )
    else:
        table = _read_csv(data)
    if not table.rows:
        raise ImportFileError(_("Fila har ingen medlemsrader under overskriftsraden."))
    return table


def _not_a_table() -> ImportFileError:
    return ImportFileError(
        _("Fila ser ikke ut som en CSV- eller Excel-fil. Last opp en .csv- eller .xlsx-fil.")
    )


# A two-byte UTF-8 letter of the Latin-1 block (æ, ø, å, é, ü …): Ã or Â followed by a
# continuation byte, which Windows-1252 text almost never has.
_UTF8_LETTER = re.compile(rb"[\xc2\xc3][\x80-\xbf]")


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise _not_a_table() from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _UTF8_LETTER.search(data) and b"\x00" not in data[:8192]:  # NUL: binary, below
        # Not UTF-8 as a whole, yet it has UTF-8 letters: rows pasted together from two
        # sources. Read as Windows-1252, "Bjørn" would be saved as "BjÃ¸rn".
        raise ImportFileError(
            _(
                "Fila blander tegnkodinger (noen rader er UTF-8, andre Windows-1252), så æ, ø "
                "og å ville blitt feil. Lagre hele fila på nytt som CSV UTF-8."
            )
        )
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        raise _not_a_table() from None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if "\x00" in sample:
        return True
    control = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return control > len(sample) // 100


def _delimiter(text: str) -> str:
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes) -> Table:
    text, encoding = _decode(data)
    if _looks_binary(text):
        raise _not_a_table()
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = _collect(enumerate(reader, start=1))
    except csv.Error as exc:
        raise ImportFileError(
            _("Fila kunne ikke leses som CSV (%(error)s).") % {"error": exc}
        ) from None
    return Table("csv", *records, delimiter=delimiter, encoding=encoding)


def _read_xlsx(data: bytes) -> Table:
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; they do not matter here.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                if not workbook.worksheets:
                    raise ImportFileError(_("Excel-fila har ingen ark."))
                sheet = workbook.worksheets[0]
                rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
                records = _collect(enumerate(rows, start=1))
            finally:
                workbook.close()
    except ImportFileError:
        raise
    except Exception as exc:  # a damaged or foreign zip can fail in many ways inside openpyxl
        raise ImportFileError(
            _("Excel-fila kunne ikke leses. Lagre den på nytt som .xlsx eller CSV.")
        ) from exc
    return Table("xlsx", *records)


def _is_blank(cells) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _collect(numbered) -> tuple[int, list[Any], list[tuple[int, list[Any]]]]:
    """The first non-blank row is the header; blank rows below it are skipped."""
    header_row, headers = 0, []
    rows: list[tuple[int, list[Any]]] = []
    for number, cells in numbered:
        if _is_blank(cells):
            continue
        if not header_row:
            header_row, headers = number, list(cells)[:MAX_COLUMNS]
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("Fila har mer enn %(max)s rader. Del den opp.") % {"max": f"{MAX_ROWS:,}"}
            )
        rows.append((number, list(cells)[:MAX_COLUMNS]))
    return header_row, headers, rows
