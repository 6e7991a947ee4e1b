"""The stands' rosters: who may run a stand's roster, who may take a shift, and taking,
giving up and removing sign-ups, adding, changing and deleting shifts.

Who may take a shift: an active member of the stand's chapter or of a chapter co-hosting it
(``Medvert``); for a county stand, any active member in the county. The shift must not have
started and the stand must not be cancelled. The last place is safe when two sign up at once:
the shift's row is locked (``select_for_update``) and the sign-ups counted inside the
transaction; the one who comes too late is told «Vakten er full» and nothing is saved.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.aktivitet.models import Aktivitet, Status
from aktiviteter.aktivitet.models.typer import VAKTTYPER
from aktiviteter.valg.models import Pameldingskilde, Vakt, Vaktpamelding
from aktiviteter.valg.selectors.vakter import ledige_plasser
from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction
from lokallag.models import Niva
from lokallag.oppfolging.models import Medvert
from medlemmer.models import Medlem


def er_fylkesstand(aktivitet: Aktivitet) -> bool:
    return aktivitet.enhet.niva == Niva.FYLKE


def kan_styre_stand(user, aktivitet: Aktivitet) -> bool:
    """The roster is run by the officers of the stand's chapter, by the board and admins for a
    county stand, and by admins everywhere."""
    if aktivitet.type not in VAKTTYPER:
        return False
    return access_for(user).can_manage_unit(aktivitet.enhet_id, is_county=er_fylkesstand(aktivitet))


def _krev_styring(user, aktivitet: Aktivitet) -> None:
    """The roster's changes are the roster's runners' (``kan_styre_stand``): the services check
    it again, so a crafted request meets the same rule as the page."""
    if not kan_styre_stand(user, aktivitet):
        raise PermissionDenied


def stander_styrt_av(user):
    """The stands whose roster the user runs."""
    access = access_for(user)
    qs = Aktivitet.objects.filter(type__in=VAKTTYPER)
    if access.is_admin:
        return qs
    if access.is_board:
        return qs.filter(enhet__niva=Niva.FYLKE) | qs.filter(
            enhet_id__in=access.officer_chapter_ids
        )
    if not access.officer_chapter_ids:
        return qs.none()
    return qs.filter(enhet_id__in=access.officer_chapter_ids)


def lag_for_stand(aktivitet: Aktivitet) -> set[int] | None:
    """The chapters whose members may take the stand's shifts; ``None``: every chapter (a
    county stand)."""
    if er_fylkesstand(aktivitet):
        return None
    ids = {aktivitet.enhet_id}
    ids.update(Medvert.objects.filter(aktivitet=aktivitet).values_list("lokallag_id", flat=True))
    return ids


def stander_for_medlem(medlem: Medlem):
    """The stands whose shifts this member may take: their chapter's (own or co-hosted) and
    the county's."""
    return (
        Aktivitet.objects.filter(type__in=VAKTTYPER)
        .exclude(status=Status.AVLYST)
        .for_lokallag(medlem.lokallag_id)
        | Aktivitet.objects.filter(type__in=VAKTTYPER, enhet__niva=Niva.FYLKE).exclude(
            status=Status.AVLYST
        )
    ).distinct()


def vaktstart(vakt: Vakt) -> datetime.datetime:
    """When the shift begins, in the site's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(vakt.aktivitet.dato, vakt.start),
        timezone.get_current_timezone(),
    )


def har_startet(vakt: Vakt, naa: datetime.datetime | None = None) -> bool:
    return (naa or timezone.now()) >= vaktstart(vakt)


def kan_ta_vakt(vakt: Vakt, medlem: Medlem) -> bool:
    """Whether the member belongs where the stand is held (no check of time or places)."""
    if not medlem.er_aktiv() or medlem.anonymisert:
        return False
    lag = lag_for_stand(vakt.aktivitet)
    return lag is None or medlem.lokallag_id in lag


def _logg(context, action, pamelding_or_vakt, medlem_id, data):
    audit.log(
        context or AuditContext(),
        action,
        obj=pamelding_or_vakt,
        medlem_id=medlem_id,
        data=data,
        actor_label=None if context and context.user else data.get("kilde", ""),
    )


def ta_vakt(
    vakt: Vakt,
    medlem: Medlem,
    kilde: str = Pameldingskilde.PORTAL,
    *,
    context: AuditContext | None = None,
) -> Vaktpamelding:
    """Sign the member up for the shift. Raises ``ValidationError`` with a message for the
    member when they may not, the shift has started, they already have it or it is full;
    nothing is saved then."""
    if kilde == Pameldingskilde.LEDER:  # a leader puts somebody on: the roster's runners only
        _krev_styring(context.user if context else None, vakt.aktivitet)
    if not kan_ta_vakt(vakt, medlem):
        raise ValidationError(_("Du kan bare ta vakter i ditt eget lokallag eller fylkeslaget."))
    try:
        with transaction.atomic():
            laast = (
                Vakt.objects.select_for_update(of=("self",))
                .select_related("aktivitet", "aktivitet__enhet")
                .get(pk=vakt.pk)
            )
            if laast.aktivitet.status == Status.AVLYST:
                raise ValidationError(_("Standen er avlyst."))
            if har_startet(laast):
                raise ValidationError(_("Vakten har allerede begynt."))
            if Vaktpamelding.objects.filter(vakt=laast, medlem=medlem).exists():
                raise ValidationError(_("Du har allerede tatt denne vakten."))
            if Vaktpamelding.objects.filter(vakt=laast).count() >= laast.plasser:
                raise ValidationError(_("Vakten er full."))
            pamelding = Vaktpamelding.objects.create(vakt=laast, medlem=medlem, kilde=kilde)
            _logg(
                context,
                AuditAction.CREATE,
                pamelding,
                medlem.pk,
                {"vakt": laast.pk, "aktivitet": laast.aktivitet_id, "kilde": str(kilde)},
            )
    except IntegrityError as error:  # the unique constraint, should a double click slip by
        raise ValidationError(_("Du har allerede tatt denne vakten.")) from error
    return pamelding


@transaction.atomic
def gi_fra_seg_vakt(vakt: Vakt, medlem: Medlem, *, context: AuditContext | None = None) -> bool:
    """The member gives up the shift, up to its start. False when they had not taken it."""
    laast = Vakt.objects.select_for_update(of=("self",)).select_related("aktivitet").get(pk=vakt.pk)
    if har_startet(laast):
        raise ValidationError(_("Vakten har allerede begynt, og du kan ikke melde deg av nå."))
    pamelding = Vaktpamelding.objects.filter(vakt=laast, medlem=medlem).first()
    if pamelding is None:
        return False
    _logg(
        context,
        AuditAction.DELETE,
        pamelding,
        medlem.pk,
        {"vakt": laast.pk, "aktivitet": laast.aktivitet_id, "kilde": "avmelding"},
    )
    pamelding.delete()
    return True


@transaction.atomic
def fjern_pamelding(pamelding: Vaktpamelding, *, bruker, context: AuditContext) -> None:
    """The leader removes somebody from a shift."""
    _krev_styring(bruker, pamelding.vakt.aktivitet)
    _logg(
        context,
        AuditAction.DELETE,
        pamelding,
        pamelding.medlem_id,
        {"vakt": pamelding.vakt_id, "fjernet_av_leder": True},
    )
    pamelding.delete()


@transaction.atomic
def lagre_vakt(vakt: Vakt, *, bruker) -> Vakt:
    """Save a new or changed shift. Fewer places than those already signed up is refused (the
    row is locked so that nobody signs up meanwhile)."""
    _krev_styring(bruker, vakt.aktivitet)
    if vakt.pk:
        Vakt.objects.select_for_update(of=("self",)).filter(pk=vakt.pk).first()
        antall = Vaktpamelding.objects.filter(vakt_id=vakt.pk).count()
        if vakt.plasser is not None and vakt.plasser < antall:
            raise ValidationError(
                {
                    "plasser": _(
                        "%(antall)s har allerede tatt vakten: fjern påmeldinger før du setter "
                        "ned antallet."
                    )
                    % {"antall": antall}
                }
            )
    vakt.full_clean()
    vakt.save()
    return vakt


@transaction.atomic
def slett_vakt(vakt: Vakt, *, bruker) -> None:
    """Delete a shift nobody has taken (remove the sign-ups first, so nobody is lost
    silently)."""
    _krev_styring(bruker, vakt.aktivitet)
    Vakt.objects.select_for_update(of=("self",)).filter(pk=vakt.pk).first()
    if Vaktpamelding.objects.filter(vakt_id=vakt.pk).exists():
        raise ValidationError(_("Noen har tatt vakten. Fjern påmeldingene før du sletter den."))
    vakt.delete()


def manglende(aktivitet_ids) -> dict[int, int]:
    """Per stand, how many places are still missing across its shifts (one query)."""

    return {
        aid: sum(ledige for _vakt, ledige in rader)
        for aid, rader in ledige_plasser(aktivitet_ids).items()
    }


def pameldte(vakt_ids) -> dict[int, list[Vaktpamelding]]:
    """The sign-ups per shift with the member (one query)."""
    result: dict[int, list[Vaktpamelding]] = {}
    for p in (
        Vaktpamelding.objects.filter(vakt_id__in=list(vakt_ids))
        .select_related("medlem", "medlem__lokallag")
        .order_by("opprettet", "pk")
    ):
        result.setdefault(p.vakt_id, []).append(p)
    return result


@dataclass(frozen=True)
class Vaktlenke:
    """One coming shift as the member's own page lists it (``medlemmer.providers``)."""

    tittel: str
    dato: datetime.date
    tid: str
    url: str


def mine_for_medlemssiden(medlem_id: int) -> list[Vaktlenke]:
    url = reverse("valg:mine_vakter")
    return [
        Vaktlenke(
            tittel=p.vakt.aktivitet.tittel,
            dato=p.vakt.aktivitet.dato,
            tid=f"{p.vakt.start:%H:%M}–{p.vakt.slutt:%H:%M}",
            url=url,
        )
        for p in Vaktpamelding.objects.filter(
            medlem_id=medlem_id, vakt__aktivitet__dato__gte=timezone.localdate()
        )
        .exclude(vakt__aktivitet__status=Status.AVLYST)
        .select_related("vakt", "vakt__aktivitet")
        .order_by("vakt__aktivitet__dato", "vakt__start")
    ]
