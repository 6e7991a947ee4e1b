"""Builders for register files (CSV and XLSX) as the national register or Excel write them."""

import csv
import datetime
import io

HEADER = [
    "medlemsnummer",
    "fornavn",
    "etternavn",
    "epost",
    "telefon",
    "adresse",
    "postnummer",
    "poststed",
    "fodselsdato",
    "kjonn",
    "lokallag",
    "innmeldt",
    "utmeldt",
    "kontingent_betalt_til",
    "senterungdommen",
    "senterkvinnene",
    "folkevalgt",
]


def member_row(n: int, **overrides) -> dict:
    """Row ``n`` of a register file: a member of Drammen (municipality 3301)."""
    row = {
        "medlemsnummer": f"R{n:06d}",
        "fornavn": f"Fornavn{n}",
        "etternavn": f"Etternavn{n}",
        "epost": f"person{n}@eksempel.no",
        "telefon": f"4{n:07d}",
        "adresse": f"Storgata {n}",
        "postnummer": "3015",
        "poststed": "Drammen",
        "fodselsdato": "15.06.1980",
        "kjonn": "K" if n % 3 == 0 else "M",
        "lokallag": "3301",
        "innmeldt": "01.03.2019",
        "utmeldt": "",
        "kontingent_betalt_til": "31.12.2026",
        "senterungdommen": "nei",
        "senterkvinnene": "ja" if n % 3 == 0 else "nei",
        "folkevalgt": "nei",
    }
    row.update(overrides)
    return row


def make_csv(
    rows: list[dict],
    header: list[str] = HEADER,
    delimiter: str = ",",
    encoding: str = "utf-8",
    keys: list[str] | None = None,
) -> bytes:
    """``keys`` picks the row values for each header (when the header is spelt differently)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(key, "") for key in (keys or header)])
    return buffer.getvalue().encode(encoding)


def make_xlsx(rows: list[list], header: list[str] = HEADER) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_row(n: int, **overrides) -> list:
    """Row ``n`` as Excel holds it: numbers as numbers, dates as dates."""
    row = member_row(n)
    typed = {
        **row,
        "telefon": int(row["telefon"]),
        "postnummer": int(row["postnummer"]),
        "lokallag": int(row["lokallag"]),
        "fodselsdato": datetime.datetime(1980, 6, 15),
        "innmeldt": datetime.datetime(2019, 3, 1),
        "utmeldt": None,
        "kontingent_betalt_til": datetime.datetime(2026, 12, 31),
        **overrides,
    }
    return [typed[key] for key in HEADER]
