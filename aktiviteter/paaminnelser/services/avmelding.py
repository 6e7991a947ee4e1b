"""The unsubscribe link every reminder carries: a signed token naming the member, so the link
works without logging in and cannot be forged for someone else."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from buskerud_sp.core import audit
from buskerud_sp.core.models import AuditAction
from medlemmer.models import Medlem

SALT = "aktiviteter.paaminnelser.avmelding"


def avmeldingstoken(medlem_id: int) -> str:
    return signing.dumps({"m": medlem_id}, salt=SALT, compress=True)


def avmeldingslenke(medlem_id: int) -> str:
    path = reverse("datoplan:unsubscribe", kwargs={"token": avmeldingstoken(medlem_id)})
    return settings.SITE_URL + path


def medlem_fra_token(token: str) -> Medlem | None:
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("m"), int):
        return None
    return Medlem.objects.ikke_anonymisert().filter(pk=data["m"]).first()


@transaction.atomic
def paaminnelser_avmeld(*, medlem: Medlem, request=None) -> bool:
    """Withdraw the member's consent to reminders; returns whether it was given before."""
    changed = Medlem.objects.filter(pk=medlem.pk, samtykke_paaminnelser=True).update(
        samtykke_paaminnelser=False, endret=timezone.now()
    )
    if changed:
        medlem.samtykke_paaminnelser = False
        audit.log(
            request,
            AuditAction.UPDATE,
            obj=medlem,
            medlem_id=medlem.pk,
            data={"felt": ["samtykke_paaminnelser"], "via": "avmeldingslenke"},
            actor_label="avmeldingslenke",
        )
    return bool(changed)
