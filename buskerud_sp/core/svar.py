"""/svar/<signed token>/: one address for everything a member answers or reads without logging
in (the annual meeting's papers now; invitation answers and shift sign-ups later).

A token is signed with this module's own salt and carries its kind and a small payload; each
kind registers its view and how long its tokens live. The shell's view (``buskerud_sp.views``)
resolves the token and hands the payload to the kind's view; a forged, expired or unknown
token is a 404. This base layer imports no app: the apps register their kinds from their
``AppConfig.ready``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core import signing
from django.http import HttpRequest, HttpResponse

SALT = "buskerud_sp.svar"
STANDARD_LEVETID = datetime.timedelta(days=90)

# A kind's view: the request and the token's payload; it decides what the payload allows.
SvarView = Callable[[HttpRequest, dict], HttpResponse]


@dataclass(frozen=True)
class _Kind:
    view: SvarView
    max_age: datetime.timedelta


_kinds: dict[str, _Kind] = {}


def register(kind: str, view: SvarView, *, max_age: datetime.timedelta = STANDARD_LEVETID) -> None:
    """Serve ``kind``'s tokens with ``view``; tokens older than ``max_age`` are refused."""
    _kinds[kind] = _Kind(view=view, max_age=max_age)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def token_for(kind: str, **payload) -> str:
    """A signed, timestamped token of ``kind`` carrying ``payload`` (small JSON values)."""
    return _signer().sign_object({"k": kind, "p": payload}, compress=True)


def resolve(token: str) -> tuple[str, dict] | None:
    """The token's kind and payload, or None when it is forged, expired or of no known kind."""
    signer = _signer()
    try:
        data = signer.unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("p"), dict):
        return None
    kind = _kinds.get(data.get("k"))
    if kind is None:
        return None
    try:
        signer.unsign_object(token, max_age=kind.max_age)
    except signing.SignatureExpired:
        return None
    return data["k"], data["p"]


def view_for(kind: str) -> SvarView | None:
    registered = _kinds.get(kind)
    return registered.view if registered else None
