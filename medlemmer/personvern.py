"""Erasure and retention of member data.

Party membership reveals political opinion (GDPR Art. 9). Datatilsynet expects the data of a
member who resigns to be deleted at once unless they consent to a historical archive, and
members who stop paying to be deleted at the latest six months after the due date. Erasure
here anonymises: the row stays (so that counts such as "recruited in 2024" stay right) but
nothing in it, or linked to it, identifies the person.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from buskerud_sp.core import audit
from buskerud_sp.core.models import AuditAction

from . import innsyn
from .importing.services import medlemsimport_cancel_naming
from .models import Kjonn, Medlem
from .omtaler import Kjennetegn, sladd_omtaler

# Fields emptied by anonymisation; what stays is what the statistics need (chapter, dates,
# affiliations, recruitment links) and nothing that identifies the person.
CLEARED_FIELDS = {
    "medlemsnummer": None,
    "fornavn": "",
    "etternavn": "",
    "epost": None,
    "telefon": "",
    "adresse": "",
    "postnummer": "",
    "poststed": "",
    "fodselsdato": None,
    "kjonn": Kjonn.ANNET,
    "utmeldingsgrunn": "",
    "folkevalgt_verv": "",
    "samtykke_paaminnelser": False,
    "samtykke_arkiv": False,
    "kontingent_betalt_til": None,
}


@transaction.atomic
def medlem_anonymiser(*, medlem: Medlem, av=None, request=None) -> Medlem:
    """Anonymise a member at once: personal fields, their login, their personal data in the
    audit trail and in other registers that point at them."""
    medlem = Medlem.objects.select_for_update().get(pk=medlem.pk)
    if medlem.anonymisert:
        return medlem
    emails = {e for e in (medlem.epost, getattr(medlem.bruker, "email", None)) if e}
    # What identifies the person in free text elsewhere (activities, notes, reports, searches),
    # gathered before the fields are cleared.
    kjennetegn = Kjennetegn.for_medlem(medlem)
    needles = [*kjennetegn.needles, medlem.navn, medlem.medlemsnummer or ""]
    if medlem.fornavn and medlem.etternavn:
        needles.append(medlem.etternavn)  # a search for the surname alone was a search for them
    today = timezone.localdate()
    for field, value in CLEARED_FIELDS.items():
        setattr(medlem, field, value)
    medlem.utmeldt = medlem.utmeldt or max(today, medlem.innmeldt)
    medlem.anonymisert = timezone.now()
    user = medlem.bruker
    medlem.bruker = None
    medlem.save()
    if user is not None:
        _end_sessions(user)
        user.delete()  # with it go e-mail addresses and second factors
    for redact in _linked_redactors():
        redact(medlem, needles)
    sladd_omtaler(kjennetegn)
    if kjennetegn:
        medlemsimport_cancel_naming(names=kjennetegn.found_in)
    audit.redact_member(medlem.pk, actor_emails=emails, needles=[n for n in needles if n])
    audit.log(request, AuditAction.ERASE, obj=medlem, medlem_id=medlem.pk, user=av)
    return medlem


def _end_sessions(user) -> None:
    """Log the person out everywhere: their session rows would otherwise stay in the session
    store (deleting the user does not remove them) until they expire."""
    for session in UserSession.objects.filter(user=user):
        session.end()


def _linked_redactors():
    """Other apps' records that hold personal data about a member (free text, names)."""
    return innsyn.REDACTORS


@dataclass(frozen=True)
class RetentionPlan:
    to_anonymise: QuerySet[Medlem]
    dues_overdue: QuerySet[Medlem]


def retention_plan(dato: datetime.date | None = None) -> RetentionPlan:
    """What the retention job would do today (the dry run admins see first)."""
    return RetentionPlan(
        to_anonymise=Medlem.objects.til_anonymisering(
            dato, settings.RETENTION_LEFT_GRACE_DAYS
        ).select_related("lokallag"),
        dues_overdue=Medlem.objects.ikke_anonymisert()
        .kontingent_forfalt(dato, settings.RETENTION_DUES_MONTHS)
        .select_related("lokallag"),
    )


def apply_retention(dato: datetime.date | None = None) -> dict[str, int]:
    """Anonymise the members the plan names, one transaction each (a failure stops only one)."""
    plan = retention_plan(dato)
    ids = list(plan.to_anonymise.values_list("pk", flat=True))
    for pk in ids:
        medlem_anonymiser(medlem=Medlem(pk=pk))
    return {"anonymisert": len(ids), "kontingent_forfalt": plan.dues_overdue.count()}
