"""The mailing lists' unsubscribe link: a signed token naming the member, the list and the
message it came with, so the link works without logging in, cannot be forged for someone
else, and the message's count of unsubscribed (``Utsending.antall_avmeldt``) can be kept."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

SALT = "aktiviteter.utsendinger.avmelding"
# The unsubscribe page's address (``utsendinger:avmeld``), fixed: the SMS text counts its
# length before the message is sent.
AVMELD_STI = "/utsendinger/avmeld/{token}/"


def avmeldingstoken(medlem_id: int, liste: str, utsending_id: int | None) -> str:
    return signing.dumps({"m": medlem_id, "l": liste, "u": utsending_id}, salt=SALT, compress=True)


def avmeldingslenke(medlem_id: int, liste: str, utsending_id: int | None) -> str:
    return settings.SITE_URL + AVMELD_STI.format(
        token=avmeldingstoken(medlem_id, liste, utsending_id)
    )
