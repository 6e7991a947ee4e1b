"""SMS: how many messages a text takes and what they cost. The backends that send (chosen by
``SMS_BACKEND``, like Django's mail backends) live beside these helpers.

A text in the GSM 7-bit alphabet fits 160 characters in one message and 153 per part when
split; any other character (an emoji, a Chinese letter) makes the whole text UCS-2: 70, and
67 per part. Norwegian letters æ, ø, å, Æ, Ø, Å are in the GSM alphabet.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

from buskerud_sp.core.telefon import InvalidPhoneNumber, normalise_phone

GSM_7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Characters that take two places in GSM 7-bit (an escape and the character).
GSM_7_EXTENDED = frozenset("^{}\\[~]|€")
MAKS_SEGMENTER = 3


def er_gsm(tekst: str) -> bool:
    return all(c in GSM_7 or c in GSM_7_EXTENDED for c in tekst)


def lengde(tekst: str) -> int:
    """The text's length as the network counts it (GSM extended characters count twice)."""
    if er_gsm(tekst):
        return sum(2 if c in GSM_7_EXTENDED else 1 for c in tekst)
    return len(tekst)


def segmenter(tekst: str) -> int:
    """How many messages the text is sent as (0 for an empty text)."""
    if not tekst:
        return 0
    single, part = (160, 153) if er_gsm(tekst) else (70, 67)
    n = lengde(tekst)
    return 1 if n <= single else -(-n // part)


def maks_tegn(tekst: str) -> int:
    """The longest text of the text's alphabet that fits in ``MAKS_SEGMENTER`` messages."""
    return (153 if er_gsm(tekst) else 67) * MAKS_SEGMENTER


def pris_per_melding() -> Decimal:
    return Decimal(str(getattr(settings, "SMS_PRIS_PER_MELDING", "0.45")))


def anslatt_kostnad(tekst: str, antall_mottakere: int) -> Decimal:
    """The estimated price in kroner: messages per recipient × recipients × price."""
    return segmenter(tekst) * antall_mottakere * pris_per_melding()


# --- Sending ------------------------------------------------------------------------------
# Like Django's mail backends: ``SMS_BACKEND`` names the class (console and file for
# development, locmem for tests, Sveve in production); ``send_sms`` is the one way to send.


class SMSError(Exception):
    """A message could not be sent. The text names what went wrong, never the password (nor
    the recipient's number: it ends up in the delivery log)."""


@dataclass(frozen=True)
class SMS:
    to: str  # E.164
    text: str
    sender: str
    id: str


class BaseBackend:
    def __init__(self, **options) -> None:
        self.sender = options.get("sender") or settings.SMS_AVSENDER

    def send(self, to: str, text: str) -> str:
        """Send ``text`` to ``to`` (E.164); returns the provider's id of the message."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Prints each message (development)."""

    def __init__(self, stream: TextIO | None = None, **options) -> None:
        super().__init__(**options)
        self.stream = stream

    def send(self, to: str, text: str) -> str:
        message_id = f"console-{uuid.uuid4().hex}"
        stream = self.stream or sys.stdout
        stream.write(f"SMS {message_id}\nFra: {self.sender}\nTil: {to}\n\n{text}\n{'-' * 40}\n")
        stream.flush()
        return message_id


class FileBackend(BaseBackend):
    """Writes each message to a file of its own in ``SMS_FILE_PATH`` (development, and tests
    whose messages another process sends)."""

    def __init__(self, file_path: str | Path | None = None, **options) -> None:
        super().__init__(**options)
        self.path = Path(file_path or settings.SMS_FILE_PATH)

    def send(self, to: str, text: str) -> str:
        self.path.mkdir(parents=True, exist_ok=True)
        message_id = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}"
        content = f"Fra: {self.sender}\nTil: {to}\n\n{text}\n"
        (self.path / f"{message_id}.sms").write_text(content, encoding="utf-8")
        return message_id


# The messages the locmem backend has "sent", oldest first (tests empty it).
outbox: list[SMS] = []


class LocmemBackend(BaseBackend):
    """Keeps each message in ``outbox`` (tests)."""

    def send(self, to: str, text: str) -> str:
        message_id = f"locmem-{len(outbox) + 1}"
        outbox.append(SMS(to=to, text=text, sender=self.sender, id=message_id))
        return message_id


class SveveBackend(BaseBackend):
    """Sveve (sveve.no), a Norwegian provider: one HTTP POST per message to ``SVEVE_URL``
    with the account's user and password, answered in JSON with the message's id or an
    error. Norwegian numbers are sent as their eight digits, foreign ones as 00 + country
    code + number, as Sveve's API expects."""

    def __init__(
        self,
        user: str | None = None,
        password: str | None = None,
        url: str | None = None,
        timeout: float | None = None,
        **options,
    ) -> None:
        super().__init__(**options)
        self.user = settings.SVEVE_USER if user is None else user
        self.password = settings.SVEVE_PASSWORD if password is None else password
        self.url = url or settings.SVEVE_URL
        # Only the web: urllib would also open file: and custom schemes.
        if urllib.parse.urlsplit(self.url).scheme not in ("https", "http"):
            raise SMSError("Sveve: SVEVE_URL must be an https:// (or http://) URL.")
        self.timeout = settings.SMS_TIMEOUT_SECONDS if timeout is None else timeout

    @staticmethod
    def number(to: str) -> str:
        """E.164 in Sveve's form: «+4795942026» → «95942026», «+46701234567» →
        «0046701234567»."""
        digits = to.removeprefix("+")
        if to.startswith("+47") and len(digits) == 10:
            return digits[2:]
        return "00" + digits

    def _clean(self, text: str) -> str:
        """A provider's message with the password blanked out, should it quote it."""
        if self.password:
            text = text.replace(self.password, "***")
        return text[:200]

    def send(self, to: str, text: str) -> str:
        if not self.user or not self.password:
            raise SMSError("Sveve: SVEVE_USER and SVEVE_PASSWORD are not set.")
        body = urllib.parse.urlencode(
            {
                "user": self.user,
                "passwd": self.password,
                "to": self.number(to),
                "msg": text,
                "from": self.sender,
                "f": "json",
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 (the URL is a setting, https by default)
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        )
        try:
            # The scheme is checked in __init__ (http or https only).
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310  # nosec B310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise SMSError(f"Sveve answered HTTP {exc.code}.") from None
        except TimeoutError:
            raise SMSError(f"Sveve did not answer within {self.timeout:g} seconds.") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                raise SMSError(f"Sveve did not answer within {self.timeout:g} seconds.") from None
            raise SMSError(f"Sveve could not be reached: {self._clean(str(exc.reason))}") from None
        return self._message_id(raw)

    def _message_id(self, raw: bytes) -> str:
        try:
            answer = json.loads(raw.decode("utf-8"))["response"]
        except (ValueError, KeyError, TypeError):
            raise SMSError("Sveve's answer is not the JSON its API describes.") from None
        if answer.get("fatalError"):
            raise SMSError(f"Sveve refused the request: {self._clean(str(answer['fatalError']))}")
        errors = answer.get("errors") or []
        if errors:
            # Each error names the number it concerns; the delivery log keeps only the reason.
            reasons = "; ".join(self._clean(str(e.get("message", ""))) for e in errors)
            raise SMSError(f"Sveve did not send the message: {reasons}")
        ids = answer.get("ids") or []
        if not answer.get("msgOkCount") or not ids:
            raise SMSError("Sveve's answer has no message id.")
        return str(ids[0])


def get_backend(backend: str | None = None, **options) -> BaseBackend:
    """An instance of ``backend`` (a dotted path), by default ``SMS_BACKEND``."""
    path = backend or settings.SMS_BACKEND
    try:
        klass = import_string(path)
    except ImportError:
        raise ImproperlyConfigured(f"SMS_BACKEND={path!r} is no importable class.") from None
    return klass(**options)


def send_sms(to: str, text: str) -> str:
    """Send ``text`` to the number ``to`` (any form ``telefon`` reads) through the configured
    backend; returns the provider's message id. Raises ``SMSError``."""
    try:
        number = normalise_phone(to)
    except InvalidPhoneNumber:
        raise SMSError("The recipient's number is not a valid phone number.") from None
    if not number:
        raise SMSError("The recipient has no phone number.")
    if not text.strip():
        raise SMSError("The message is empty.")
    return get_backend().send(number, text)
