"""The election: the offices up for election at a chapter's annual meeting (from the offices'
terms), the election committee's proposal, and the registration of who the meeting elected.

The registration writes the offices themselves (``lokallag.Verv``): the old ones end the day
before the meeting, the new ones start on the meeting day. Access is computed from the current
offices on every request, so a leader who was not re-elected loses access that day and the new
one has it, with nothing else to do.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.arsmote.models import (
    FLERE_INNEHAVERE,
    VALGBARE_VERV,
    Arsmote,
    Valgforslag,
    Valgt,
    valgperiode_slutt,
)
from aktiviteter.arsmote.services.syklus import kan_styre
from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for, forget_access
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction
from lokallag.models import Rolle, Verv
from medlemmer.models import Medlem
from medlemmer.services import InvitationError, medlem_inviter

MIN_AAR, MAKS_AAR = 1, 4


def _rolle_navn(rolle: str) -> str:
    return str(Rolle(rolle).label)


@dataclass
class VervGruppe:
    """One office's current holders at the meeting."""

    rolle: str
    navn: str
    verv: list[Verv] = field(default_factory=list)


@dataclass
class VervTilValg:
    """The chapter's offices the meeting elects: those whose term ends in the meeting's year
    (or before), and those registered without a term («uten valgperiode»)."""

    med_periode: list[VervGruppe]
    uten_periode: list[VervGruppe]

    @property
    def antall(self) -> int:
        return sum(len(g.verv) for g in self.med_periode + self.uten_periode)


def _til_valg(arsmote: Arsmote, dato: datetime.date):
    """The chapter's electable offices in effect on ``dato`` that the meeting of its year
    elects: a term ending that year (or before), or no term at all."""
    return (
        Verv.objects.aktive(dato)
        .filter(enhet_id=arsmote.lokallag_id, rolle__in=VALGBARE_VERV)
        .filter(Q(til_dato__isnull=True) | Q(til_dato__year__lte=arsmote.aar))
    )


def _grupper(rows: Iterable[Verv]) -> list[VervGruppe]:
    groups: dict[str, VervGruppe] = {}
    for verv in rows:
        groups.setdefault(verv.rolle, VervGruppe(verv.rolle, _rolle_navn(verv.rolle)))
        groups[verv.rolle].verv.append(verv)
    order = {rolle: i for i, rolle in enumerate(VALGBARE_VERV)}
    return sorted(groups.values(), key=lambda g: order.get(g.rolle, len(order)))


def _referansedag(arsmote: Arsmote) -> datetime.date:
    """The day the offices are judged on: today, but not after the day before the meeting
    (after the meeting, the offices it elected are not «up for election»)."""
    today = timezone.localdate()
    if arsmote.dato is not None and arsmote.dato <= today:
        return arsmote.dato - datetime.timedelta(days=1)
    return today


def verv_til_valg(arsmote: Arsmote) -> VervTilValg:
    rows = list(
        _til_valg(arsmote, _referansedag(arsmote))
        .select_related("medlem")
        .order_by("rolle", "medlem__etternavn", "medlem__fornavn")
    )
    return VervTilValg(
        med_periode=_grupper(v for v in rows if v.til_dato is not None),
        uten_periode=_grupper(v for v in rows if v.til_dato is None),
    )


def aktive_medlemmer(arsmote: Arsmote):
    """The members who may be proposed and elected: the chapter's active members."""
    return Medlem.objects.aktive().filter(lokallag_id=arsmote.lokallag_id)


def i_valgkomiteen(bruker, arsmote: Arsmote) -> bool:
    """The chapter's election committee (and admins) record the proposal."""
    access = access_for(bruker)
    return access.is_admin or arsmote.lokallag_id in access.committee_chapter_ids


def _sjekk_kandidat(arsmote: Arsmote, medlem: Medlem) -> str | None:
    if medlem.lokallag_id != arsmote.lokallag_id or not medlem.er_aktiv():
        return _("%(navn)s er ikke medlem av %(lag)s.") % {
            "navn": medlem.navn,
            "lag": arsmote.lokallag.navn,
        }
    return None


def _sjekk_rolle_og_aar(rolle: str, antall_aar: int) -> dict[str, str]:
    errors = {}
    if rolle not in VALGBARE_VERV:
        errors["rolle"] = _("Velg et verv årsmøtet velger.")
    if not MIN_AAR <= antall_aar <= MAKS_AAR:
        errors["antall_aar"] = _("Valgperioden må være fra 1 til 4 år.")
    return errors


@transaction.atomic
def valgforslag_lagre(
    *,
    arsmote: Arsmote,
    rolle: str,
    medlem: Medlem,
    antall_aar: int,
    kommentar: str,
    bruker,
    ip: str | None = None,
) -> Valgforslag:
    """Add a candidate to the committee's proposal (or change the term and comment of one who
    is on it already)."""
    if not i_valgkomiteen(bruker, arsmote):
        raise PermissionDenied
    arsmote = Arsmote.objects.select_for_update().select_related("lokallag").get(pk=arsmote.pk)
    if arsmote.er_holdt:
        raise ValidationError(_("Årsmøtet er holdt; forslaget kan ikke endres."))
    errors = _sjekk_rolle_og_aar(rolle, antall_aar)
    if feil := _sjekk_kandidat(arsmote, medlem):
        errors["medlem"] = feil
    if "rolle" not in errors and rolle not in FLERE_INNEHAVERE:
        other = arsmote.valgforslag.filter(rolle=rolle).exclude(medlem=medlem).first()
        if other is not None:
            errors["medlem"] = _(
                "Valgkomiteen foreslår allerede %(navn)s som %(verv)s. Fjern det forslaget først."
            ) % {"navn": other.medlem.navn, "verv": _rolle_navn(rolle).lower()}
    if errors:
        raise ValidationError(errors)
    forslag, created = Valgforslag.objects.update_or_create(
        arsmote=arsmote,
        rolle=rolle,
        medlem=medlem,
        defaults={"antall_aar": antall_aar, "kommentar": kommentar, "registrert_av": bruker},
    )
    audit.log(
        AuditContext(user=bruker, ip=ip),
        AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=forslag,
        medlem_id=medlem.pk,
        data={"rolle": rolle, "arsmote": arsmote.pk},
    )
    return forslag


@transaction.atomic
def valgforslag_slett(*, forslag: Valgforslag, bruker, ip: str | None = None) -> None:
    arsmote = Arsmote.objects.select_for_update().get(pk=forslag.arsmote_id)
    if not i_valgkomiteen(bruker, arsmote):
        raise PermissionDenied
    if arsmote.er_holdt:
        raise ValidationError(_("Årsmøtet er holdt; forslaget kan ikke endres."))
    audit.log(
        AuditContext(user=bruker, ip=ip),
        AuditAction.DELETE,
        obj=forslag,
        medlem_id=forslag.medlem_id,
        data={"rolle": forslag.rolle, "arsmote": arsmote.pk},
    )
    forslag.delete()


@dataclass(frozen=True)
class ValgRad:
    rolle: str
    medlem: Medlem
    antall_aar: int


@dataclass
class Valgresultat:
    nye_verv: list[Verv]
    avsluttet: list[Verv]
    invitert: list[Medlem] = field(default_factory=list)
    uten_innlogging: list[Medlem] = field(default_factory=list)
    invitasjonsfeil: list[str] = field(default_factory=list)


def rad_felt(index: int, felt: str) -> str:
    """The key of a row's field in the registration's ``ValidationError`` (``"3.medlem"``)."""
    return f"{index}.{felt}"


def _sjekk_rader(arsmote: Arsmote, rader: Sequence[ValgRad], dato: datetime.date) -> None:
    """Every rule of the elected, as one ``ValidationError`` keyed by row and field."""
    errors: dict[str, list[str]] = {}

    def add(index: int, felt: str, message: str) -> None:
        errors.setdefault(rad_felt(index, felt), []).append(message)

    if not rader:
        raise ValidationError({NON_FIELD_ERRORS: [_("Registrer minst én som ble valgt.")]})
    # The offices each person holds with a term running past this year: not up for election.
    continuing = {
        (v.medlem_id, v.rolle): v
        for v in Verv.objects.aktive(dato - datetime.timedelta(days=1)).filter(
            enhet_id=arsmote.lokallag_id, til_dato__year__gt=arsmote.aar
        )
    }
    seen: dict[tuple[int, str], int] = {}
    holders: dict[str, int] = {}
    for i, rad in enumerate(rader):
        for felt, message in _sjekk_rolle_og_aar(rad.rolle, rad.antall_aar).items():
            add(i, felt, message)
        if feil := _sjekk_kandidat(arsmote, rad.medlem):
            add(i, "medlem", feil)
        key = (rad.medlem.pk, rad.rolle)
        verv_navn = _rolle_navn(rad.rolle).lower() if rad.rolle in Rolle.values else rad.rolle
        if key in seen:
            add(
                i,
                "medlem",
                _("%(navn)s er ført opp som %(verv)s to ganger.")
                % {"navn": rad.medlem.navn, "verv": verv_navn},
            )
        seen.setdefault(key, i)
        if rad.rolle not in FLERE_INNEHAVERE and rad.rolle in VALGBARE_VERV:
            first = rader[holders[rad.rolle]].medlem if rad.rolle in holders else rad.medlem
            if first.pk != rad.medlem.pk:
                add(
                    i,
                    "rolle",
                    _("Bare én kan velges som %(verv)s (%(navn)s er ført opp før).")
                    % {"verv": verv_navn, "navn": first.navn},
                )
            holders.setdefault(rad.rolle, i)
        if (old := continuing.get(key)) is not None:
            add(
                i,
                "medlem",
                _(
                    "%(navn)s er allerede %(verv)s til og med %(til)s; vervet er ikke på valg "
                    "i år (overlappende valgperioder)."
                )
                % {
                    "navn": rad.medlem.navn,
                    "verv": verv_navn,
                    "til": old.til_dato.strftime("%d.%m.%Y"),
                },
            )
    if errors:
        raise ValidationError(errors)


def _avslutt(verv: Verv, til_dato: datetime.date, context: AuditContext) -> None:
    verv.til_dato = til_dato
    verv.save(update_fields=["til_dato"])
    audit.log(
        context,
        AuditAction.UPDATE,
        obj=verv,
        medlem_id=verv.medlem_id,
        data={"felt": ["til_dato"], "rolle": verv.rolle},
    )


@transaction.atomic
def valg_registrer(
    *, arsmote: Arsmote, rader: Sequence[ValgRad], bruker, ip: str | None = None
) -> Valgresultat:
    """Register who the annual meeting elected, once, on or after the meeting day (an admin
    corrects offices afterwards in the admin). Nothing is saved unless every row is valid."""
    if not kan_styre(bruker, arsmote):
        raise PermissionDenied
    arsmote = Arsmote.objects.select_for_update().select_related("lokallag").get(pk=arsmote.pk)
    today = timezone.localdate()
    if arsmote.styre_registrert is not None:
        raise ValidationError(
            _(
                "Det nye styret er allerede registrert. Rettelser gjøres av en administrator "
                "i administrasjonen."
            )
        )
    if arsmote.dato is None or arsmote.dato > today:
        raise ValidationError(_("Det nye styret kan registreres fra møtedagen."))
    dato = arsmote.dato
    _sjekk_rader(arsmote, rader, dato)

    context = AuditContext(user=bruker, ip=ip)
    day_before = dato - datetime.timedelta(days=1)
    # The offices up for election end the day before the meeting, and so does a single-holder
    # office whose holder's term runs on when the meeting elected someone else to it.
    replaced = {r.rolle for r in rader if r.rolle not in FLERE_INNEHAVERE}
    ending = list(
        Verv.objects.select_for_update()
        .aktive(day_before)
        .filter(enhet_id=arsmote.lokallag_id, rolle__in=VALGBARE_VERV, fra_dato__lte=day_before)
        .filter(
            Q(til_dato__isnull=True) | Q(til_dato__year__lte=arsmote.aar) | Q(rolle__in=replaced)
        )
    )
    for verv in ending:
        _avslutt(verv, day_before, context)

    nye: list[Verv] = []
    for rad in rader:
        verv = Verv.objects.create(
            medlem=rad.medlem,
            enhet_id=arsmote.lokallag_id,
            rolle=rad.rolle,
            fra_dato=dato,
            til_dato=valgperiode_slutt(arsmote.aar, rad.antall_aar),
        )
        Valgt.objects.create(arsmote=arsmote, verv=verv)
        audit.log(
            context,
            AuditAction.CREATE,
            obj=verv,
            medlem_id=verv.medlem_id,
            data={"rolle": verv.rolle, "enhet": arsmote.lokallag.slug, "arsmote": arsmote.pk},
        )
        nye.append(verv)

    now = timezone.now()
    arsmote.styre_registrert, arsmote.styre_registrert_av = now, bruker
    fields = ["styre_registrert", "styre_registrert_av", "endret"]
    if arsmote.avholdt is None:
        arsmote.avholdt = now
        fields.append("avholdt")
    arsmote.save(update_fields=fields)
    audit.log(context, AuditAction.UPDATE, obj=arsmote, data={"felt": sorted(fields[:-1])})

    result = Valgresultat(nye_verv=nye, avsluttet=ending)
    for verv in nye:
        if verv.rolle != Rolle.LEDER or verv.medlem.bruker_id is not None:
            continue
        if not verv.medlem.epost:
            result.uten_innlogging.append(verv.medlem)
            continue
        try:
            medlem_inviter(medlem=verv.medlem, av=bruker, ip=ip)
        except InvitationError as error:
            result.invitasjonsfeil.append(f"{verv.medlem.navn}: {error}")
            result.uten_innlogging.append(verv.medlem)
        else:
            result.invitert.append(verv.medlem)
    forget_access(bruker)
    return result


def valgte(arsmote: Arsmote) -> list[Verv]:
    """The offices the meeting elected, in the registration form's order."""
    order = {rolle: i for i, rolle in enumerate(VALGBARE_VERV)}
    rows = Verv.objects.filter(valg__arsmote=arsmote).select_related("medlem")
    return sorted(rows, key=lambda v: (order.get(v.rolle, len(order)), v.medlem.etternavn))
