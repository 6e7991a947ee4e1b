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


def _json_date(value: Any) -> str:
    if type(value) is datetime.date:
        return value.isoformat()
    raise TypeError(type(value).__name__)


def encode(parsed: ParsedFile, data: bytes) -> bytes:
    """The rows as compressed JSON, or b"" when a value has a type this format does not keep
    (then the confirmation parses the file again)."""
    fields = parsed.fields
    rows = []
    for number, values, errors in parsed.rows:
        row: list[Any] = [number, [values.get(name) for name in fields]]
        if errors:
            row.append([[error.column, error.message] for error in errors])
            row.append([i for i, name in enumerate(fields) if name not in values])
        rows.append(row)
    document = {
        "nokkel": _key(data, parsed.chapters_key),
        "format": parsed.file_format,
        "ignorerte_kolonner": parsed.ignored_columns,
        "felt": fields,
        "rader": rows,
    }
    try:
        text = json.dumps(document, default=_json_date, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):
        return b""
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
    dates = [i for i, name in enumerate(fields) if name in _DATE_FIELDS]
    phone = fields.index("telefon") if "telefon" in fields else None
    rows = []
    for row in document["rader"]:
        number, cells = row[0], row[1]
        for i in dates:
            if cells[i] is not None:
                cells[i] = datetime.date.fromisoformat(cells[i])
        errors: list[RowError] = []
        if len(row) > 2:
            errors = [RowError(number, column, message) for column, message in row[2]]
            missing = set(row[3])
            values = {name: cells[i] for i, name in enumerate(fields) if i not in missing}
        else:
            values = dict(zip(fields, cells, strict=True))
        if phone is not None and "telefon" in values:
            phones.known(values["telefon"])
        rows.append((number, values, errors))
    return ParsedFile(
        document["format"], document["ignorerte_kolonner"], fields, rows, chapters_key
    )
