"""The bytes of a portal mail on the wire, without Python's email object model.

Building a ``multipart/alternative`` message with ``email.message.EmailMessage`` and
serializing it parses every header into a structured object and folds it again: about 3 ms of
CPU per mail, half of what a reminder's sender spent per mail. A reminder or a newsletter to
thousands of members has the same subject, sender and structure in every copy; only the
recipient, the date, the message id, the unsubscribe link and the bodies differ.

``wire_bytes`` writes exactly what ``message.as_bytes()`` would (the tests compare them byte
for byte, boundary, date and id aside): the headers every copy shares are folded once by the
email package itself and kept (``_folded``); a per-copy header that is plain printable ASCII
is written as is, which is what folding does to it; the bodies are written as the email
package writes them when it picks 7bit or 8bit. Anything else (attachments, Cc, long lines,
non-ASCII or unusual headers, another policy) returns ``None``, and the caller builds the mail
the ordinary way.
"""

from __future__ import annotations

import functools
import random
import re
import sys
from email.headerregistry import HeaderRegistry
from email.policy import EmailPolicy

# The header names with a structured parser (To, Date, Content-Type …); any other name is
# unstructured text, which folding leaves as is when it is short printable ASCII.
_STRUCTURED = frozenset(HeaderRegistry().registry)
_PLAIN_TEXT = re.compile(r"[\x21-\x7e]+(?: [\x21-\x7e]+)*\Z")
_DOT_ATOM = r"[A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*"
_SIMPLE_ADDRESS = re.compile(_DOT_ATOM + "@" + _DOT_ATOM + r"\Z")
_MESSAGE_ID = re.compile(r"<" + _DOT_ATOM + "@" + _DOT_ATOM + r">\Z")
_DATE = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}\Z")
_BOUNDARY_WIDTH = len(repr(sys.maxsize - 1))
_OWN_HEADERS = frozenset({"from", "to", "cc", "reply-to", "bcc", "date", "message-id"})


@functools.lru_cache(maxsize=256)
def _folded(policy: EmailPolicy, name: str, value: str) -> bytes:
    """A header as the email package writes it (for the values many copies share)."""
    return policy.fold_binary(*policy.header_store_parse(name, value))


@functools.lru_cache(maxsize=16)
def _part_headers(policy: EmailPolicy, subtype: str, charset: str, cte: str) -> bytes:
    """A text part's headers as ``set_content`` makes them (with MIME-Version, as every part
    but the first of ``make_alternative`` has it)."""
    from email.message import EmailMessage

    part = EmailMessage(policy=policy)
    sample = "x" if cte == "7bit" else "\u00f8"
    part.set_content(sample, subtype=subtype, charset=charset)
    if part["Content-Transfer-Encoding"] != cte:  # pragma: no cover - a changed email package
        raise AssertionError(f"expected {cte}, got {part['Content-Transfer-Encoding']}")
    return b"".join(policy.fold_binary(name, value) for name, value in part.raw_items())


def _header(policy: EmailPolicy, name: str, value: str, *, shared: bool) -> bytes | None:
    """One header line, or None when only the email package can write it."""
    lower = name.lower()
    if len(name) + 2 + len(value) > policy.max_line_length:
        return None
    if lower == "to" or lower == "from":
        if _SIMPLE_ADDRESS.match(value):
            return f"{name}: {value}{policy.linesep}".encode("ascii")
    elif lower == "message-id":
        if _MESSAGE_ID.match(value):
            return f"{name}: {value}{policy.linesep}".encode("ascii")
    elif lower == "date":
        if _DATE.match(value):  # as email.utils.format_datetime writes it
            return f"{name}: {value}{policy.linesep}".encode("ascii")
    elif lower not in _STRUCTURED and "=?" not in value and _PLAIN_TEXT.match(value):
        return f"{name}: {value}{policy.linesep}".encode("ascii")
    if shared:
        return _folded(policy, name, value)
    return None


def _body(policy: EmailPolicy, text: str, charset: str) -> tuple[str, bytes] | None:
    """(cte, bytes) of a text body as ``set_content`` + the generator write it, when they pick
    7bit or 8bit (every line within the policy's limit); else None."""
    lines = text.encode(charset).splitlines()
    if not lines or max(len(line) for line in lines) > policy.max_line_length:
        return None
    linesep = policy.linesep.encode("ascii")
    data = linesep.join(lines) + linesep
    return ("7bit" if data.isascii() else "8bit"), data


def make_boundary(*texts: bytes) -> str:
    """A boundary as the email generator makes one (random, not found in the bodies)."""
    while True:
        boundary = "=" * 15 + f"{random.randrange(sys.maxsize):0{_BOUNDARY_WIDTH}d}" + "=="  # noqa: S311 - not a secret
        marker = b"--" + boundary.encode("ascii")
        if not any(marker in text for text in texts):
            return boundary


def wire_bytes(
    policy: EmailPolicy,
    *,
    subject: str,
    from_email: str,
    to: str,
    date: str,
    message_id: str,
    extra_headers: dict,
    text: str,
    html: str,
    charset: str,
    boundary: str | None = None,
) -> tuple[bytes, str] | None:
    """The bytes of a text mail with an HTML alternative (and the boundary used), exactly as
    ``EmailMultiAlternatives.message(policy=policy).as_bytes()`` writes them; or None."""
    if policy.cte_type != "8bit" or policy.utf8 or policy.max_line_length is None:
        return None
    if not from_email.isascii() or any(name.lower() in _OWN_HEADERS for name in extra_headers):
        return None
    plain, rich = _body(policy, text, charset), _body(policy, html, charset)
    if plain is None or rich is None:
        return None
    headers = [
        _header(policy, "Subject", subject, shared=True),
        _header(policy, "From", from_email, shared=True),
        _header(policy, "To", to, shared=False),
        _header(policy, "Date", date, shared=False),
        _header(policy, "Message-ID", message_id, shared=False),
    ]
    for name, value in extra_headers.items():
        if not isinstance(value, str):
            return None
        headers.append(_header(policy, name, value, shared=True))
    if None in headers:
        return None
    boundary = boundary or make_boundary(plain[1], rich[1])
    nl = policy.linesep.encode("ascii")
    delimiter = b"--" + boundary.encode("ascii")
    root = (
        b"MIME-Version: 1.0"
        + nl
        + f'Content-Type: multipart/alternative; boundary="{boundary}"'.encode("ascii")
        + nl
    )
    first = _part_headers(policy, "plain", charset, plain[0])
    # The first part came from the root's own set_content: its MIME-Version stayed there.
    first = first.replace(b"MIME-Version: 1.0" + nl, b"")
    second = _part_headers(policy, "html", charset, rich[0])
    data = b"".join(
        [
            root,
            *headers,
            nl,
            delimiter,
            nl,
            first,
            nl,
            plain[1],
            nl,
            delimiter,
            nl,
            second,
            nl,
            rich[1],
            nl,
            delimiter,
            b"--",
            nl,
        ]
    )
    return data, boundary
