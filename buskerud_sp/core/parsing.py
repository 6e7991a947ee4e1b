"""Reading ids and numbers from request data that may have been tampered with."""

from typing import Any

# A bigint holds 18 decimal digits safely; more would overflow the database driver.
_MAX_DIGITS = 18


def row_id(raw: Any) -> int | None:
    """``raw`` (a string, an int or a model instance) as a primary key, or None when it is not
    a plain ASCII number a database id can be. ``str.isdigit`` alone accepts "²" and 5000-digit
    strings, which ``int()`` or the database then refuse with a server error."""
    text = str(getattr(raw, "pk", raw) if raw is not None else "")
    if text.isascii() and text.isdigit() and len(text) <= _MAX_DIGITS:
        return int(text)
    return None


def year(raw: Any, default: int) -> int:
    """A year from a URL parameter, or ``default`` for anything a date cannot hold."""
    value = row_id(raw)
    return value if value is not None and 1900 <= value <= 2200 else default
