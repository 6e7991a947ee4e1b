"""Sending a newsletter or an invitation: the checks before anything is sent, then one delivery
row per recipient (e-mail or SMS) for the reminders' claim-and-send machinery, which sends
each row once even when a worker dies mid-run. What each row says is built when it is sent
(the builders registered for ``Art.NYHETSBREV`` and ``Art.INVITASJON``)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.paaminnelser.models import Kanal, Paaminnelse
from aktiviteter.paaminnelser.services import sending
from aktiviteter.utsendinger.models import Gruppe, Status, Utsending, Utsendingsart
from aktiviteter.utsendinger.services.mottakere import Mottakere, mottakere
from aktiviteter.utsendinger.services.sms import sms_tekst_for_utsending, suffix_lengde
from buskerud_sp.core import audit, sms
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction


def kan_sende_for(bruker, avsender) -> bool:
    """A chapter's officers write for their chapter, the board and admins for the county."""
    return access_for(bruker).can_manage_unit(avsender.pk, is_county=avsender.er_fylkeslag)


def sjekk(utsending: Utsending) -> Mottakere:
    """The rules a message must meet before it is sent (the same the form shows at its
    fields); returns its recipients."""
    errors: dict[str, str] = {}
    if not utsending.emne.strip():
        errors["emne"] = _("Skriv et emne.")
    if not utsending.tekst.strip():
        errors["tekst"] = _("Skriv teksten.")
    if utsending.art == Utsendingsart.INVITASJON and utsending.aktivitet_id is None:
        errors["aktivitet"] = _("Velg aktiviteten medlemmene inviteres til.")
    if utsending.gruppe == Gruppe.ADHOC and utsending.adhoc_gruppe_id is None:
        errors["adhoc_gruppe"] = _("Velg AdHoc-gruppen.")
    if (
        utsending.gruppe == Gruppe.ALDER
        and utsending.alder_fra is None
        and utsending.alder_til is None
    ):
        errors["alder_fra"] = _("Skriv inn en alder fra og/eller til.")
    if utsending.med_sms:
        if not utsending.sms_tekst.strip():
            errors["sms_tekst"] = _("Skriv SMS-teksten, eller slå av SMS.")
        elif sms.segmenter(sms_tekst_for_utsending(utsending)) > sms.MAKS_SEGMENTER:
            # Counted with the link each SMS ends with (unsubscribe, or the answer page).
            full = sms_tekst_for_utsending(utsending)
            errors["sms_tekst"] = _(
                "SMS-teksten er for lang: %(lengde)s tegn, høyst %(maks)s (%(antall)s SMS-er)."
            ) % {
                "lengde": sms.lengde(utsending.sms_tekst.strip()),
                "maks": max(sms.maks_tegn(full) - suffix_lengde(utsending), 0),
                "antall": sms.MAKS_SEGMENTER,
            }
    if errors:
        raise ValidationError(errors)
    result = mottakere(utsending)
    if result.antall == 0:
        raise ValidationError(
            {
                "gruppe": _(
                    "Ingen medlemmer i denne gruppen kan få utsendingen (ingen har samtykket "
                    "til listen, eller ingen har e-post eller mobilnummer)."
                )
            }
        )
    return result


@dataclass(frozen=True)
class Sendt:
    epost: int
    sms: int


@transaction.atomic
def utsending_send(*, utsending: Utsending, bruker, ip: str | None = None) -> Sendt:
    """Send the message to its recipients (once: a sent message is not sent again)."""
    utsending = (
        Utsending.objects.select_for_update().select_related("avsender").get(pk=utsending.pk)
    )
    if not kan_sende_for(bruker, utsending.avsender):
        raise PermissionDenied
    if utsending.status == Status.SENDT:
        raise ValidationError(_("Utsendingen er allerede sendt."))
    result = sjekk(utsending)
    common = {"art": utsending.art, "anledning": utsending.anledning}
    rows = [
        Paaminnelse(mottaker_id=pk, kanal=Kanal.EPOST, **common)
        for pk in result.epost.order_by("pk").values_list("pk", flat=True)
    ]
    rows += [
        Paaminnelse(mottaker_id=pk, kanal=Kanal.SMS, **common)
        for pk in result.sms.order_by("pk").values_list("pk", flat=True)
    ]
    Paaminnelse.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    antall_epost = sum(1 for r in rows if r.kanal == Kanal.EPOST)
    antall_sms = len(rows) - antall_epost
    Utsending.objects.filter(pk=utsending.pk).update(
        status=Status.SENDT,
        sendt=timezone.now(),
        sendt_av=bruker,
        antall_epost=antall_epost,
        antall_sms=antall_sms,
    )
    audit.log(
        AuditContext(user=bruker, ip=ip),
        AuditAction.CREATE,
        obj=utsending,
        data={
            "handling": "sendt",
            "art": utsending.art,
            "emne": utsending.emne,
            "fra": utsending.avsender.navn,
            "gruppe": utsending.gruppe,
            "epost": antall_epost,
            "sms": antall_sms,
        },
    )
    transaction.on_commit(
        functools.partial(sending.sender_snart_etter_commit, len(rows)), robust=True
    )
    return Sendt(epost=antall_epost, sms=antall_sms)
