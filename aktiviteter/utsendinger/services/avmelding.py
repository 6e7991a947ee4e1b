"""Leaving a mailing list from the message itself: every newsletter and invitation carries a
signed link naming the member, the list and the message, so it works without logging in
(also as the mail program's one-click unsubscribe, RFC 8058) and cannot be forged for someone
else or another list. The member subscribes again on their profile. The
link and its token are made in ``lister``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from aktiviteter.utsendinger.models import Utsending
from aktiviteter.utsendinger.services.lister import fra_avmeldingstoken
from buskerud_sp.core import audit
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction
from medlemmer.models import SAMTYKKEFELT, Liste, Medlem


@dataclass(frozen=True)
class Avmelding:
    medlem: Medlem
    liste: str
    utsending_id: int

    @property
    def liste_navn(self) -> str:
        return Liste(self.liste).label

    @property
    def paameldt(self) -> bool:
        return bool(getattr(self.medlem, SAMTYKKEFELT[self.liste]))


def fra_token(token: str) -> Avmelding | None:
    """What a link unsubscribes, or None for a forged, damaged or outdated one."""
    data = fra_avmeldingstoken(token)
    if data is None:
        return None
    medlem = Medlem.objects.ikke_anonymisert().filter(pk=data["m"]).first()
    if medlem is None:
        return None
    return Avmelding(medlem=medlem, liste=data["l"], utsending_id=data["u"])


@transaction.atomic
def liste_avmeld(*, avmelding: Avmelding, ip: str | None = None) -> bool:
    """Withdraw the member's consent to the link's list (that list only); returns whether it
    was given. The message counts the member once: a second click finds the consent gone and
    changes nothing."""
    field = SAMTYKKEFELT[avmelding.liste]
    medlem = avmelding.medlem
    changed = Medlem.objects.filter(pk=medlem.pk, **{field: True}).update(
        **{field: False, "endret": timezone.now()}
    )
    if not changed:
        return False
    setattr(medlem, field, False)
    Utsending.objects.filter(pk=avmelding.utsending_id).update(
        antall_avmeldt=F("antall_avmeldt") + 1
    )
    audit.log(
        AuditContext(ip=ip),
        AuditAction.UPDATE,
        obj=medlem,
        medlem_id=medlem.pk,
        data={
            "felt": [field],
            "via": "avmeldingslenke",
            "liste": avmelding.liste,
            "utsending": avmelding.utsending_id,
        },
        actor_label="avmeldingslenke",
    )
    return True
