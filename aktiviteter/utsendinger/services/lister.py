"""The mailing lists' unsubscribe: every list mail (newsletters, invitations, the day-before
reminder) carries a signed link naming the member, the list and the message, so one click
leaves that list without logging in (RFC 8058 one-click: ``List-Unsubscribe`` with
``List-Unsubscribe-Post``). The unsubscribe page reads the token with ``fra_avmeldingstoken``."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from medlemmer.models import SAMTYKKEFELT

SALT = "aktiviteter.utsendinger.avmelding"


def avmeldingstoken(medlem_id: int, liste: str, utsending_id: int) -> str:
    return signing.dumps({"m": medlem_id, "l": liste, "u": utsending_id}, salt=SALT, compress=True)


def avmeldingslenke(medlem_id: int, liste: str, utsending_id: int) -> str:
    """The member's one-click link off ``liste`` (``/utsendinger/avmeld/<token>/``)."""
    token = avmeldingstoken(medlem_id, liste, utsending_id)
    return settings.SITE_URL + reverse("utsendinger:avmeld", kwargs={"token": token})


def avmeldingsheaders(medlem_id: int, liste: str, utsending_id: int) -> dict[str, str]:
    """The list mail's headers for a one-click unsubscribe (RFC 2369 and RFC 8058)."""
    return {
        "List-Unsubscribe": f"<{avmeldingslenke(medlem_id, liste, utsending_id)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def fra_avmeldingstoken(token: str) -> dict | None:
    """``{"m": member id, "l": list, "u": message id}`` of a genuine token, else None."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("m"), int)
        or not isinstance(data.get("u"), int)
        or data.get("l") not in SAMTYKKEFELT
    ):
        return None
    return data
