"""Export of a member list as CSV for Norwegian Excel: UTF-8 with BOM, semicolons, the same
columns as the import (so an export can be imported again), and no cell that Excel would run
as a formula."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from typing import Any, Protocol

from django.db.models import QuerySet

from buskerud_sp.spreadsheets import csv_text

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


def member_row(medlem: Medlem) -> list[str]:
    chapter = medlem.lokallag
    values = [
        chapter.slug if column.name == "lokallag" else getattr(medlem, column.field)
        for column in COLUMNS
    ]
    return [_cell(value) for value in [*values, chapter.navn]]


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
