"""SMS: how many messages a text takes and what they cost. The backends that send (chosen by
``SMS_BACKEND``, like Django's mail backends) live beside these helpers.

A text in the GSM 7-bit alphabet fits 160 characters in one message and 153 per part when
split; any other character (an emoji, a Chinese letter) makes the whole text UCS-2: 70, and
67 per part. Norwegian letters æ, ø, å, Æ, Ø, Å are in the GSM alphabet.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

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
