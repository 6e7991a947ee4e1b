"""The parsed rows of a preview, kept with the import so that confirming it does not read and
parse the file again (parsing is most of an analysis: every phone number is parsed).

The rows are kept only while they are provably what parsing the file again would give: the
same file, the same chapters (``ChapterIndex.key``), the same language of the messages and
the same format (``VERSION``, raised whenever parsing changes). Anything else, and the
confirmation analyses the file from scratch. What depends on the members or on the date is
not kept: the plan is always made again against the register as it is at confirmation.

The rows are personal data like the file itself and are wiped together with it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import zlib
from typing import Any

from django.db import models
from django.utils import translation

from medlemmer.models import Medlem

from .analysis import ParsedFile, RowError
from .matching import PhoneKeys

# Raise when parsing or this format changes: rows kept by an older version are not reused.
VERSION = 1

# Kept as JSON keeps them; a ``str`` subclass (``Kjonn``) comes back as the equal ``str``.
_SCALARS = (str, bool, int, float)
_DATE_FIELDS = frozenset(
    field.name for field in Medlem._meta.get_fields() if type(field) is models.DateField
)


def _key(data: bytes, chapters_key: str) -> dict[str, Any]:
    return {
        "versjon": VERSION,
        "sprak": translation.get_language() or "",
        "fil": hashlib.sha256(data).hexdigest(),
        "lokallag": chapters_key,
    }


def encode(parsed: ParsedFile, data: bytes) -> bytes:
    """The rows as compressed JSON, column by column (fast to write and read), or b"" when a
    value has a type this format does not keep (then the confirmation parses the file again)."""
    fields = parsed.fields
    columns: list[list[Any]] = [[] for _name in fields]
    numbers = []
    faults = {}  # row index -> [[column, message], …], [indexes of fields without a value]
    for position, (number, values, errors) in enumerate(parsed.rows):
        numbers.append(number)
        for column, name in zip(columns, fields, strict=True):
            column.append(values.get(name))
        if errors:
            faults[position] = [
                [[error.column, error.message] for error in errors],
                [i for i, name in enumerate(fields) if name not in values],
            ]
    for column in columns:
        dates: dict[datetime.date, str] = {}
        for i, value in enumerate(column):
            if value is None or isinstance(value, _SCALARS):
                continue
            if type(value) is not datetime.date:
                return b""
            if value not in dates:
                dates[value] = value.isoformat()
            column[i] = dates[value]
    document = {
        "nokkel": _key(data, parsed.chapters_key),
        "format": parsed.file_format,
        "ignorerte_kolonner": parsed.ignored_columns,
        "felt": fields,
        "rader": numbers,
        "kolonner": columns,
        "feil": faults,
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    return zlib.compress(text.encode(), 1)


def decode(blob: bytes, data: bytes, chapters_key: str, phones: PhoneKeys) -> ParsedFile | None:
    """The kept rows if they are still what parsing ``data`` would give, else None. Tells
    ``phones`` the phone values, as parsing does."""
    if not blob:
        return None
    try:
        document = json.loads(zlib.decompress(blob))
    except (zlib.error, ValueError):
        return None
    if document.get("nokkel") != _key(data, chapters_key):
        return None
    fields: list[str] = document["felt"]
    columns: list[list[Any]] = document["kolonner"]
    for i, name in enumerate(fields):
        if name in _DATE_FIELDS:
            dates = {text: datetime.date.fromisoformat(text) for text in set(columns[i]) if text}
            dates[None] = None
            columns[i] = [dates[text] for text in columns[i]]
    numbers: list[int] = document["rader"]
    rows: list[tuple[int, dict[str, Any], list[RowError]]] = [
        (number, dict(zip(fields, cells, strict=True)), [])
        for number, cells in zip(numbers, zip(*columns, strict=True), strict=True)
    ]
    for position, (errors, missing) in document["feil"].items():
        number, values, _none = rows[int(position)]
        for i in missing:
            del values[fields[i]]
        rows[int(position)] = (
            number,
            values,
            [RowError(number, column, message) for column, message in errors],
        )
    if "telefon" in fields:
        for _number, values, _errors in rows:
            if "telefon" in values:
                phones.known(values["telefon"])
    return ParsedFile(
        document["format"], document["ignorerte_kolonner"], fields, rows, chapters_key
    )
