"""Log lines without the secrets that some URLs carry in their path.

A calendar feed's URL is its password (whoever holds it reads the owner's calendar, and
calendar apps fetch it for years), a password-reset link works until it is used, and a
reminder's unsubscribe link never expires and names the member in its (signed, not encrypted)
payload. None of them may end up in a log file that operators, log shippers and backups see: gunicorn's access log
goes through ``PortalAccessLogger``, Django's own log records (``Not Found: <path>``, the
development server's request lines) through ``RedactSecretPaths``.
"""

import logging
import re

from gunicorn.glogging import Logger

HIDDEN = "[skjult]"

_SECRET_PATHS = [
    (re.compile(r"/kalender/[^/\s?#]+\.ics"), f"/kalender/{HIDDEN}.ics"),
    (re.compile(r"/konto/password/reset/key/[^/\s?#]+"), f"/konto/password/reset/key/{HIDDEN}"),
    (re.compile(r"/datoplan/avmelding/[^/\s?#]+"), f"/datoplan/avmelding/{HIDDEN}"),
]


def redact_paths(text: str) -> str:
    """The text with the secret token of every such path in it replaced by a placeholder."""
    for pattern, replacement in _SECRET_PATHS:
        text = pattern.sub(replacement, text)
    return text


class PortalAccessLogger(Logger):
    """gunicorn's logger with the request path redacted in every atom that shows it."""

    def atoms(self, resp, req, environ, request_time) -> dict:
        atoms = super().atoms(resp, req, environ, request_time)
        path = redact_paths(environ.get("PATH_INFO") or "")
        atoms["U"] = path
        # The raw request line also holds the query string, which never goes to the log.
        atoms["r"] = f"{environ.get('REQUEST_METHOD')} {path} {environ.get('SERVER_PROTOCOL')}"
        return atoms


class RedactSecretPaths(logging.Filter):
    """Redacts secret paths in a record's message and its string arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact_paths(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(
                redact_paths(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True
