"""Bounces and complaints reported by the mail provider's webhook (django-anymail's
``tracking`` signal, connected in ``AktiviteterConfig.ready``).

Every mail the sender sends carries its delivery row's id as anymail ``metadata``
(``{"levering": <pk>}``); the provider reports it back with each event. A bounce, a rejection
or a spam complaint marks the row ``AVVIST`` with the reason (never the address); a complaint
also withdraws the consent the mail was sent under: the list's for list mail (the slice that
owns the lists registers how to find it, ``registrer_samtykke``), the reminders' for
reminders. Events are applied with conditional updates, so a provider that repeats an event
changes nothing the second time; an event for an unknown row is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from anymail.signals import AnymailTrackingEvent, EventType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.paaminnelser.models import ARTER_MED_SAMTYKKE, Leveringsstatus, Paaminnelse
from buskerud_sp.core import audit
from buskerud_sp.core.models import AuditAction
from medlemmer.models import Medlem

AVVISNINGER = frozenset({EventType.BOUNCED, EventType.REJECTED, EventType.COMPLAINED})
LEVERANDOR = "e-postleverandøren"  # the audit log's actor for what the webhook changes
_EMAIL = re.compile(r"[^\s<>\"'@]+@[^\s<>\"'@]+")

# A delivery's art → the member's consent field its mail was sent under (None: no consent).
_samtykke: dict[str, Callable[[Paaminnelse], str | None]] = {}


def registrer_samtykke(art: str, felt_for: Callable[[Paaminnelse], str | None]) -> None:
    """The slice that owns ``art`` says which consent a complaint about its mail withdraws."""
    _samtykke[art] = felt_for


def samtykkefelt(row: Paaminnelse) -> str | None:
    if row.art in _samtykke:
        return _samtykke[row.art](row)
    if row.art in ARTER_MED_SAMTYKKE:
        return "samtykke_paaminnelser"
    return None  # member mail and the officers' date plan: no consent to withdraw


def levering_for(event: AnymailTrackingEvent) -> Paaminnelse | None:
    """The delivery row the event is about, from the metadata the mail carried; None for a
    mail the portal did not send this way, or whose provider id does not match."""
    raw = (event.metadata or {}).get("levering")
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    row = Paaminnelse.objects.select_related("mottaker").filter(pk=pk).first()
    if row is None:
        return None
    if row.melding_id and event.message_id and row.melding_id != event.message_id:
        return None
    return row


def _grunn(event: AnymailTrackingEvent) -> str:
    if event.event_type == EventType.COMPLAINED:
        text = _("Mottakeren meldte e-posten som søppelpost.")
    elif event.event_type == EventType.REJECTED:
        text = _("Avvist av e-postleverandøren")
    else:
        text = _("Avvist av mottakerens e-posttjener")
    detail = event.description or event.mta_response or event.reject_reason or ""
    if detail and event.event_type != EventType.COMPLAINED:
        text = f"{text}: {detail}"
    # An SMTP reply often quotes the address; the row keeps no address (nor does its error).
    return _EMAIL.sub("[adresse]", " ".join(text.split()))[:300]


@transaction.atomic
def avvisning_registrer(*, event: AnymailTrackingEvent) -> bool:
    """Apply one event of the provider; returns whether anything changed."""
    if event.event_type not in AVVISNINGER:
        return False
    row = levering_for(event)
    if row is None:
        return False
    changed = bool(
        Paaminnelse.objects.filter(pk=row.pk)
        .exclude(status=Leveringsstatus.AVVIST)
        .update(status=Leveringsstatus.AVVIST, feil=_grunn(event), laast_til=None)
    )
    if event.event_type == EventType.COMPLAINED and row.mottaker_id:
        changed = _trekk_samtykke(row) or changed
    return changed


def _trekk_samtykke(row: Paaminnelse) -> bool:
    felt = samtykkefelt(row)
    if felt is None:
        return False
    withdrawn = Medlem.objects.filter(pk=row.mottaker_id, **{felt: True}).update(
        **{felt: False}, endret=timezone.now()
    )
    if withdrawn:
        audit.log(
            None,
            AuditAction.UPDATE,
            obj=row.mottaker,
            medlem_id=row.mottaker_id,
            data={"felt": [felt], "via": "klage på søppelpost", "levering": row.pk},
            actor_label=LEVERANDOR,
        )
    return bool(withdrawn)


def ved_sporing(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    """anymail's ``tracking`` receiver: hands the event to the service."""
    avvisning_registrer(event=event)
