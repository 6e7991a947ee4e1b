"""Export of a member list as CSV for Norwegian Excel: UTF-8 with BOM, semicolons, the same
columns as the import (so an export can be imported again), and no cell that Excel would run
as a formula."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from typing import Any, Protocol

from django.db.models import QuerySet

from buskerud_sp.core.spreadsheets import csv_text
from buskerud_sp.core.telefon import format_phone

from .importing.columns import COLUMNS
from .models import Medlem

HEADER = [*(column.name for column in COLUMNS), "lokallag_navn"]


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, datetime.date):
        return f"{value:%d.%m.%Y}"
    return csv_text(str(value))


def _value(medlem: Medlem, name: str, field: str) -> Any:
    if name == "lokallag":
        return medlem.lokallag.slug
    if name == "telefon":
        # «959 42 026» reads as people write it and imports again as the same number; the
        # stored «+47…» would need CSV's visible apostrophe in every row.
        return format_phone(medlem.telefon)
    return getattr(medlem, field)


def member_row(medlem: Medlem) -> list[str]:
    values = [_value(medlem, column.name, column.field) for column in COLUMNS]
    return [_cell(value) for value in [*values, medlem.lokallag.navn]]


def write_members_csv(out: _Writable, members: QuerySet[Medlem] | Iterable[Medlem]) -> int:
    """Writes the members to ``out`` and returns how many rows were written."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    rows = members.iterator(chunk_size=2000) if isinstance(members, QuerySet) else members
    for medlem in rows:
        writer.writerow(member_row(medlem))
        count += 1
    return count
