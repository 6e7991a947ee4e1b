"""Newsletters: the draft (written, edited and deleted only by those who may send for its
unit), the test mail to the writer's own address, and what each member's copy says when the
reminders' sender delivers it (registered for ``Art.NYHETSBREV``).

A member's copy is built when it is sent: a member who withdrew the list's consent since the
newsletter was sent gets nothing (``Hopp``). The copy names the recipient and the sending unit
only, never another member."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from aktiviteter.aktivitet.models import AdHocGruppe
from aktiviteter.paaminnelser.models import Paaminnelse
from aktiviteter.paaminnelser.services.innhold import Hopp
from aktiviteter.utsendinger.models import Gruppe, Status, Utsending, Utsendingsart
from aktiviteter.utsendinger.services.lister import avmeldingslenke
from aktiviteter.utsendinger.services.sending import kan_sende_for, sjekk
from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.mail import send_mail_template
from buskerud_sp.core.models import AuditAction
from buskerud_sp.core.tekst import tekst_html
from lokallag.models import Lokallag, Niva
from medlemmer.models import SAMTYKKEFELT, Liste

MAL = "nyhetsbrev"
_ANLEDNING = re.compile(r"^utsending-(\d+)$")


def avsendere_for(bruker) -> QuerySet[Lokallag]:
    """The units the user may write for: a chapter's officers their chapter(s), the board the
    county, admins any unit (the same rule as ``kan_sende_for``)."""
    access = access_for(bruker)
    units = Lokallag.objects.aktive()
    if not access.is_admin:
        q = Q(pk__in=access.officer_chapter_ids, niva=Niva.LOKAL)
        if access.manages_county:
            q |= Q(niva=Niva.FYLKE)
        units = units.filter(q)
    # The county first, then the chapters by name.
    return units.order_by(models.Case(models.When(niva=Niva.FYLKE, then=0), default=1), "navn")


def adhoc_grupper_for(bruker) -> QuerySet[AdHocGruppe]:
    """The AdHoc groups the user may write to: those of the units they manage."""
    return AdHocGruppe.objects.managed_by(bruker).aktive().select_related("enhet")


def _rydd(utsending: Utsending) -> None:
    """Keep only what the chosen group uses (an age band's ages, an AdHoc group)."""
    if utsending.gruppe != Gruppe.ALDER:
        utsending.alder_fra = utsending.alder_til = None
    if utsending.gruppe != Gruppe.ADHOC:
        utsending.adhoc_gruppe = None
    if not utsending.med_sms:
        utsending.sms_tekst = ""


@transaction.atomic
def nyhetsbrev_lagre(*, utsending: Utsending, bruker, ip: str | None = None) -> Utsending:
    """Save a newsletter draft (new, or an edit of a draft). Refused for a unit the user may
    not send for, a sent newsletter, and with the field's message when the draft breaks a
    rule of the sending (``sjekk``: no subject, a group of no one, an SMS too long)."""
    if utsending.pk:
        before = Utsending.objects.select_for_update().select_related("avsender")
        before = before.filter(pk=utsending.pk, art=Utsendingsart.NYHETSBREV).first()
        if before is None or not kan_sende_for(bruker, before.avsender):
            raise PermissionDenied
        if before.status != Status.UTKAST:
            raise ValidationError(_("Nyhetsbrevet er sendt og kan ikke endres."))
    if not kan_sende_for(bruker, utsending.avsender):
        raise PermissionDenied
    utsending.art = Utsendingsart.NYHETSBREV
    utsending.aktivitet = None
    _rydd(utsending)
    if (
        utsending.adhoc_gruppe_id is not None
        and not adhoc_grupper_for(bruker).filter(pk=utsending.adhoc_gruppe_id).exists()
    ):
        raise ValidationError({"adhoc_gruppe": _("Velg en AdHoc-gruppe du kan skrive til.")})
    sjekk(utsending)
    created = utsending.pk is None
    if created:
        utsending.opprettet_av = bruker
    utsending.full_clean()
    utsending.save()
    audit.log(
        AuditContext(user=bruker, ip=ip),
        AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=utsending,
        data={
            "art": utsending.art,
            "emne": utsending.emne,
            "fra": utsending.avsender.navn,
            "gruppe": utsending.gruppe,
        },
    )
    return utsending


@transaction.atomic
def nyhetsbrev_slett(*, utsending: Utsending, bruker, ip: str | None = None) -> None:
    """Delete a draft (a sent message stays: it is the record of what the members got)."""
    locked = Utsending.objects.select_for_update().select_related("avsender")
    utsending = locked.filter(pk=utsending.pk).first()
    if utsending is None or not kan_sende_for(bruker, utsending.avsender):
        raise PermissionDenied
    if utsending.status != Status.UTKAST:
        raise ValidationError(_("Bare utkast kan slettes."))
    audit.log(
        AuditContext(user=bruker, ip=ip),
        AuditAction.DELETE,
        obj=utsending,
        data={"art": utsending.art, "emne": utsending.emne, "fra": utsending.avsender.navn},
    )
    utsending.delete()


# --- The mail ------------------------------------------------------------------------------


def innhold(utsending: Utsending) -> dict:
    """What every copy of the newsletter says (the page's preview shows the same)."""
    return {
        "utsending": utsending,
        "emne": utsending.emne,
        "tekst": utsending.tekst,
        "tekst_html": tekst_html(utsending.tekst, heading_level=2),
        "fra": utsending.avsender.navn,
        "liste_navn": Liste(utsending.liste).label,
    }


def send_test(utsending: Utsending, bruker, ip: str | None = None) -> str:
    """Send the draft to the user's own address only (subject «[TEST] …»); returns the
    address. Never to members: the test has no recipient list to reach."""
    if not kan_sende_for(bruker, utsending.avsender):
        raise PermissionDenied
    address = (bruker.email or "").strip()
    if not address:
        raise ValidationError(_("Brukeren din har ingen e-postadresse å sende testen til."))
    context = {**innhold(utsending), "navn": bruker.first_name, "test": True}
    send_mail_template(MAL, [address], context)
    audit.log(
        AuditContext(user=bruker, ip=ip),
        AuditAction.CREATE,
        obj=utsending,
        data={"handling": "test", "art": utsending.art, "emne": utsending.emne, "antall": 1},
    )
    return address


def utsending_fra_anledning(anledning: str) -> int | None:
    match = _ANLEDNING.match(anledning)
    return int(match.group(1)) if match else None


def nyhetsbrev_innhold(row: Paaminnelse, felles: dict) -> dict | Hopp:
    """One member's copy (registered for ``Art.NYHETSBREV``): skipped without the list's
    consent as it stands when the row is sent; the list's own one-click unsubscribe."""
    pk = utsending_fra_anledning(row.anledning)
    key = ("utsending", pk)
    if key not in felles:  # read once per batch, and what every copy says made once
        utsending = Utsending.objects.select_related("avsender").filter(pk=pk).first()
        felles[key] = (utsending, innhold(utsending) if utsending is not None else None)
    utsending, felles_innhold = felles[key]
    if utsending is None:
        return Hopp(_("Utsendingen finnes ikke lenger."))
    medlem = row.mottaker
    if medlem is None or not getattr(medlem, SAMTYKKEFELT[utsending.liste]):
        return Hopp(_("Har ikke samtykket til listen."))
    unsubscribe = avmeldingslenke(medlem.pk, utsending.liste, utsending.pk)
    return {
        **felles_innhold,
        "avmeld_url": unsubscribe,
        "portal_url": settings.SITE_URL + "/",
        "_headers": {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }
