"""Invitations to an activity and the members' answers.

A leader writes an invitation (a draft ``Utsending`` with ``art=INVITASJON``) to one of the
unit's own coming activities and sends it like a newsletter (``sending.utsending_send``). Each
invited member has a delivery row (``anledning = utsending.anledning``); only they may answer,
while they are members and until the activity starts. The last answer counts.

The member's own answer is audited (who, which answer, through the link or the portal) when it
changes: an answer tells where a member will be, and the audit trail is where the portal
answers for every change to a member's data; re-sending the same answer writes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.aktivitet.models import AdHocGruppe, Aktivitet, Status
from aktiviteter.paaminnelser.models import Art, Paaminnelse
from aktiviteter.utsendinger.models import (
    Gruppe,
    Invitasjonssvar,
    Svar,
    Utsending,
    Utsendingsart,
)
from aktiviteter.utsendinger.models import (
    Status as Utsendingsstatus,
)
from aktiviteter.utsendinger.services.sending import kan_sende_for
from buskerud_sp.core import audit
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction
from medlemmer.models import Medlem

# How the answer came in (the audit entry's ``via``).
VIA_LENKE = "lenke"
VIA_PORTAL = "portal"


def har_startet(aktivitet: Aktivitet, naa: datetime.datetime | None = None) -> bool:
    """The activity has started (one without a time starts at the beginning of its day)."""
    naa = naa or timezone.now()
    start = aktivitet.starter()
    if isinstance(start, datetime.datetime):
        return start <= naa
    return start <= timezone.localdate(naa)


def aktiviteter_for_invitasjon(bruker) -> QuerySet[Aktivitet]:
    """The activities ``bruker`` may invite to: their units' own, not cancelled, not past."""
    now = timezone.localtime()
    not_begun = Q(dato__gt=now.date()) | Q(dato=now.date(), starttid__gt=now.time())
    return (
        Aktivitet.objects.managed_by(bruker)
        .exclude(status=Status.AVLYST)
        .filter(not_begun, studietiltak__isnull=True)
        .select_related("enhet")
        .order_by("dato", "starttid", "pk")
    )


def _check_activity(bruker, aktivitet: Aktivitet) -> None:
    if not kan_sende_for(bruker, aktivitet.enhet) or not (
        Aktivitet.objects.managed_by(bruker).filter(pk=aktivitet.pk).exists()
    ):
        raise PermissionDenied
    if aktivitet.status == Status.AVLYST:
        raise ValidationError({"aktivitet": _("Aktiviteten er avlyst.")})
    if har_startet(aktivitet):
        raise ValidationError({"aktivitet": _("Aktiviteten har alt begynt eller er over.")})


def _check_group(bruker, data: dict) -> None:
    errors: dict[str, str] = {}
    gruppe = data.get("gruppe") or Gruppe.ALLE
    if gruppe not in Gruppe.values:
        errors["gruppe"] = _("Velg en gruppe.")
    adhoc = data.get("adhoc_gruppe")
    if gruppe == Gruppe.ADHOC:
        if adhoc is None:
            errors["adhoc_gruppe"] = _("Velg AdHoc-gruppen.")
        elif not adhoc_grupper_for(bruker).filter(pk=adhoc.pk).exists():
            errors["adhoc_gruppe"] = _("Velg en AdHoc-gruppe du har tilgang til.")
    if gruppe == Gruppe.ALDER:
        fra, til = data.get("alder_fra"), data.get("alder_til")
        if fra is None and til is None:
            errors["alder_fra"] = _("Skriv inn en alder fra og/eller til.")
        elif fra is not None and til is not None and fra > til:
            errors["alder_til"] = _("«Til» kan ikke være lavere enn «fra».")
    if errors:
        raise ValidationError(errors)


FELTER = ("gruppe", "alder_fra", "alder_til", "adhoc_gruppe", "emne", "tekst")


@transaction.atomic
def invitasjon_lagre(
    *,
    bruker,
    aktivitet: Aktivitet,
    utsending: Utsending | None = None,
    ip: str | None = None,
    **data,
) -> Utsending:
    """Create (or, with ``utsending``, change) an invitation draft to ``aktivitet``. Only those
    who send for the activity's unit, for an activity they manage, not cancelled, not begun."""
    _check_activity(bruker, aktivitet)
    _check_group(bruker, data)
    if utsending is None:
        utsending = Utsending(
            art=Utsendingsart.INVITASJON, avsender=aktivitet.enhet, opprettet_av=bruker
        )
        action = AuditAction.CREATE
    else:
        utsending = Utsending.objects.select_for_update().get(pk=utsending.pk)
        if (
            utsending.art != Utsendingsart.INVITASJON
            or not Utsending.objects.managed_by(bruker).filter(pk=utsending.pk).exists()
        ):
            raise PermissionDenied
        if utsending.status == Utsendingsstatus.SENDT:
            raise ValidationError(_("Invitasjonen er sendt og kan ikke endres."))
        action = AuditAction.UPDATE
    utsending.aktivitet = aktivitet
    utsending.avsender = aktivitet.enhet
    for name in FELTER:
        if name in data:
            setattr(utsending, name, data[name])
    if utsending.gruppe != Gruppe.ALDER:
        utsending.alder_fra = utsending.alder_til = None
    if utsending.gruppe != Gruppe.ADHOC:
        utsending.adhoc_gruppe = None
    utsending.full_clean(exclude=["opprettet_av", "sendt_av"])
    utsending.save()
    audit.log(
        AuditContext(user=bruker, ip=ip),
        action,
        obj=utsending,
        data={"handling": "utkast", "art": utsending.art, "aktivitet": aktivitet.pk},
    )
    return utsending


def adhoc_grupper_for(bruker) -> QuerySet[AdHocGruppe]:
    """The AdHoc groups an invitation may go to (those the user sees; the recipients are still
    only the sending unit's members)."""
    return AdHocGruppe.objects.visible_to(bruker).order_by("tema", "pk")


# --- Answers --------------------------------------------------------------------------------


def invitert(utsending: Utsending, medlem_id: int) -> bool:
    """The invitation was sent to this member (a delivery row of the invitation exists)."""
    return Paaminnelse.objects.filter(
        art=Art.INVITASJON, anledning=utsending.anledning, mottaker_id=medlem_id
    ).exists()


def kan_svare(utsending: Utsending, medlem: Medlem) -> bool:
    """An invited, still active member of a sent invitation."""
    return (
        utsending.art == Utsendingsart.INVITASJON
        and utsending.status == Utsendingsstatus.SENDT
        and medlem.anonymisert is None
        and medlem.er_aktiv()
        and invitert(utsending, medlem.pk)
    )


def svar_stengt(utsending: Utsending) -> str | None:
    """Why answers are no longer taken, or None while they are."""
    aktivitet = utsending.aktivitet
    if aktivitet.status == Status.AVLYST:
        return _("Aktiviteten er avlyst.")
    if har_startet(aktivitet):
        return _("Påmeldingen er stengt.")
    return None


def svar_for(utsending: Utsending, medlem_id: int) -> str | None:
    return (
        Invitasjonssvar.objects.filter(utsending=utsending, medlem_id=medlem_id)
        .values_list("svar", flat=True)
        .first()
    )


@transaction.atomic
def svar_registrer(
    *, utsending: Utsending, medlem: Medlem, svar: str, via: str, bruker=None, ip=None
) -> Invitasjonssvar:
    """The member's answer (the last one counts): only an invited, active member, only until
    the activity starts."""
    if not kan_svare(utsending, medlem):
        raise PermissionDenied
    if svar not in Svar.values:
        raise ValidationError({"svar": _("Svar ja eller nei.")})
    closed = svar_stengt(utsending)
    if closed:
        raise ValidationError(closed)
    before = svar_for(utsending, medlem.pk)
    row, _created = Invitasjonssvar.objects.update_or_create(
        utsending=utsending, medlem=medlem, defaults={"svar": svar}
    )
    if before != svar:
        audit.log(
            AuditContext(user=bruker, ip=ip),
            AuditAction.UPDATE,
            obj=row,
            medlem_id=medlem.pk,
            data={"handling": "svar", "invitasjon": utsending.pk, "svar": svar, "via": via},
            actor_label=None if bruker is not None else "svarlenke",
        )
    return row


@dataclass(frozen=True)
class Telling:
    ja: int
    nei: int
    ubesvart: int

    @property
    def invitert(self) -> int:
        return self.ja + self.nei + self.ubesvart


def telling(utsending: Utsending) -> Telling:
    """Yes, no and not answered among the invited (two queries)."""
    invited = Paaminnelse.objects.filter(
        art=Art.INVITASJON, anledning=utsending.anledning, mottaker__isnull=False
    )
    counts = Invitasjonssvar.objects.filter(
        utsending=utsending, medlem_id__in=invited.values("mottaker_id")
    ).aggregate(ja=Count("pk", filter=Q(svar=Svar.JA)), nei=Count("pk", filter=Q(svar=Svar.NEI)))
    total = invited.count()
    return Telling(
        ja=counts["ja"], nei=counts["nei"], ubesvart=max(total - counts["ja"] - counts["nei"], 0)
    )


def svarliste(utsending: Utsending) -> QuerySet[Invitasjonssvar]:
    """The answers with the members' names (the leader's own members), yes first."""
    return (
        Invitasjonssvar.objects.filter(utsending=utsending)
        .select_related("medlem")
        .order_by("svar", "medlem__fornavn", "medlem__etternavn", "pk")
    )


def ja_antall(aktivitet: Aktivitet) -> int:
    """Members who said yes to any sent invitation to the activity (each counted once)."""
    return (
        Invitasjonssvar.objects.filter(
            utsending__aktivitet=aktivitet,
            utsending__status=Utsendingsstatus.SENDT,
            svar=Svar.JA,
        )
        .values("medlem_id")
        .distinct()
        .count()
    )


def forventet_antall(aktivitet: Aktivitet) -> int | None:
    """The result form's starting count: the yeses, when anyone was invited and said yes."""
    return ja_antall(aktivitet) or None


# --- The member's own invitations -----------------------------------------------------------


@dataclass(frozen=True)
class ApenInvitasjon:
    utsending: Utsending
    svar: str | None

    @property
    def svar_tekst(self) -> str:
        return Svar(self.svar).label if self.svar else _("Ikke svart")


def apne_invitasjoner(medlem_id: int) -> list[ApenInvitasjon]:
    """The sent invitations to the member whose activity has not begun, soonest first, with
    the member's current answer (two queries)."""
    today = timezone.localdate()
    anledninger = Paaminnelse.objects.filter(art=Art.INVITASJON, mottaker_id=medlem_id).values_list(
        "anledning", flat=True
    )
    ids = [int(a.split("-", 1)[1]) for a in anledninger if a.split("-", 1)[-1].isdigit()]
    invitations = (
        Utsending.objects.filter(
            pk__in=ids,
            art=Utsendingsart.INVITASJON,
            status=Utsendingsstatus.SENDT,
            aktivitet__dato__gte=today,
        )
        .exclude(aktivitet__status=Status.AVLYST)
        .select_related("aktivitet", "avsender")
        .order_by("aktivitet__dato", "aktivitet__starttid", "pk")
    )
    invitations = [u for u in invitations if not har_startet(u.aktivitet)]
    answers = dict(
        Invitasjonssvar.objects.filter(
            medlem_id=medlem_id, utsending__in=[u.pk for u in invitations]
        ).values_list("utsending_id", "svar")
    )
    return [ApenInvitasjon(u, answers.get(u.pk)) for u in invitations]


@dataclass(frozen=True)
class Invitasjonslenke:
    """One open invitation as the member's own page lists it (``medlemmer.providers``)."""

    tittel: str
    dato: datetime.date
    svar: str
    url: str


def apne_for_medlemssiden(medlem_id: int) -> list[Invitasjonslenke]:
    url = reverse("utsendinger:mine")
    return [
        Invitasjonslenke(
            tittel=i.utsending.aktivitet.tittel,
            dato=i.utsending.aktivitet.dato,
            svar=i.svar_tekst,
            url=f"{url}#inv-{i.utsending.pk}",
        )
        for i in apne_invitasjoner(medlem_id)
    ]
