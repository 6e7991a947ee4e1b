"""The bulk writes of a confirmed import: the new members and the changed ones.

On PostgreSQL the new members are streamed in with ``COPY`` and the changes are copied into a
temporary table and applied with one ``UPDATE … FROM``: building 100,000 model instances and
the SQL of ``bulk_create`` took several times as long as the database took to store them.
Other databases (SQLite in development) use ``bulk_create``/``bulk_update``. Neither sends
signals; the caller calls ``data_changed()``.
"""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection

from medlemmer.models import Medlem

from .matching import FIELDS

# Rows per COPY statement: bounds the text held in memory at once.
COPY_ROWS = 20_000
# Batches of the ORM path (SQLite).
CREATE_BATCH = 1000
UPDATE_BATCH = 500

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_CHANGES_TABLE = "medlemsimport_endringer"


def insert_members(rows: list[dict[str, Any]], now: datetime.datetime) -> None:
    """Create a member for each dict of field values (the other fields get their defaults)."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        Medlem.objects.bulk_create([Medlem(**values) for values in rows], batch_size=CREATE_BATCH)
        return
    fields = _fields()
    # The fields the file has (every row of a file has the same ones; ``any`` stops at the
    # first row), then the others with their defaults, the same text on every line.
    given = [name for name in FIELDS if any(name in values for values in rows)]
    defaults = {name: _default(fields[name], now) for name in given}
    others = [field for name, field in fields.items() if name not in defaults]
    fixed = "".join("\t" + _copy_text(_default(field, now)) for field in others)
    columns = [fields[name].column for name in given] + [field.column for field in others]
    lines = (
        "\t".join([_copy_text(values.get(name, defaults[name])) for name in given]) + fixed + "\n"
        for values in rows
    )
    _copy(Medlem._meta.db_table, columns, lines)


def update_members(updates: list[tuple[int, dict[str, Any]]], now: datetime.datetime) -> None:
    """Set the changed fields of each member (by pk) and ``endret``."""
    if not updates:
        return
    if connection.vendor != "postgresql":
        _update_with_orm(updates, now)
        return
    changed = [name for name in FIELDS if any(name in changes for _, changes in updates)]
    bit = {name: 1 << position for position, name in enumerate(changed)}
    fields = _fields()
    columns = [fields[name].column for name in changed]
    table = Medlem._meta.db_table
    with connection.cursor() as cursor:
        # The temporary table takes its column types from the member table; ``felt`` marks the
        # fields each row changes (a bit per field), the others keep their value. The SQL is
        # built from the model's table and column names only; the values go through COPY.
        cursor.execute(f"DROP TABLE IF EXISTS {_CHANGES_TABLE}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {_CHANGES_TABLE} ON COMMIT DROP AS "  # noqa: S608  # nosec B608
            f"SELECT id, {', '.join(columns)}, 0 AS felt FROM {table} WITH NO DATA"
        )
    lines = (
        "\t".join(
            [
                str(pk),
                *(_copy_text(changes.get(name)) for name in changed),
                str(sum(bit[name] for name in changes)),
            ]
        )
        + "\n"
        for pk, changes in updates
    )
    _copy(_CHANGES_TABLE, ["id", *columns, "felt"], lines)
    assignments = ", ".join(
        f"{column} = CASE WHEN e.felt & {bit[name]} <> 0 THEN e.{column} ELSE m.{column} END"
        for name, column in zip(changed, columns, strict=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS m SET {assignments}, endret = %s "  # noqa: S608  # nosec B608
            f"FROM {_CHANGES_TABLE} AS e WHERE m.id = e.id",
            [now],
        )
        cursor.execute(f"DROP TABLE {_CHANGES_TABLE}")


def _update_with_orm(updates: list[tuple[int, dict[str, Any]]], now: datetime.datetime) -> None:
    # bulk_update sets the same columns on every row of a batch, so rows are grouped by the
    # fields they change; ``endret`` is set here because bulk_update skips auto_now.
    groups: dict[tuple[str, ...], list[Medlem]] = defaultdict(list)
    for pk, changes in updates:
        groups[tuple(sorted(changes))].append(Medlem(pk=pk, endret=now, **changes))
    for fields, members in groups.items():
        Medlem.objects.bulk_update(members, [*fields, "endret"], batch_size=UPDATE_BATCH)


def _copy(table: str, columns: list[str], lines: Iterable[str]) -> None:
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT text)"
    with connection.cursor() as cursor:
        buffer: list[str] = []
        for line in lines:
            buffer.append(line)
            if len(buffer) == COPY_ROWS:
                _copy_chunk(cursor, statement, buffer)
                buffer = []
        if buffer:
            _copy_chunk(cursor, statement, buffer)


def _copy_chunk(cursor, statement: str, lines: list[str]) -> None:
    # The raw driver call bypasses Django's error translation; this keeps an IntegrityError
    # an IntegrityError for the caller.
    with connection.wrap_database_errors:
        cursor.cursor.copy_expert(statement, io.StringIO("".join(lines)))


def _fields() -> dict[str, Any]:
    """The member table's columns that an insert writes, by attribute name."""
    return {
        field.attname: field
        for field in Medlem._meta.concrete_fields
        if not field.primary_key and not field.generated
    }


def _default(field, now: datetime.datetime) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def _copy_text(value: Any) -> str:
    """A value in COPY's text format."""
    if isinstance(value, str):
        # ``translate`` looks up every character in a dict: most values need no escape, and
        # four scans in C are much cheaper than that.
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.date):  # dates and (aware) datetimes
        return value.isoformat()
    if isinstance(value, int):  # ids
        return str(value)
    raise TypeError(f"no COPY text for {type(value).__name__}")
