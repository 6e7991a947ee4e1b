"""Writes to the date plan: add, change (move), cancel, mark held, and publish to the chapter
leaders. Every change makes a new version holding who, when, what changed and the whole plan;
a publication sends the whole plan to leaders who have not had it, and what changed since the
previous publication to those who have."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from buskerud_sp.core.access import access_for
from medlemmer.models import Medlem

from ..datoplan import endringer_i_punkt, endringer_mellom
from ..models import (
    Aktivitet,
    Art,
    Datoplan,
    Datoplanpunkt,
    Datoplanutsending,
    Datoplanversjon,
    Leveringsstatus,
    Paaminnelse,
    Status,
)
from .paaminnelser import sending
from .paaminnelser.mottakere import kan_motta, lokallagsledere


def _check_admin(bruker) -> None:
    if not access_for(bruker).is_admin:
        raise PermissionDenied


def datoplan_for_aar(aar: int) -> Datoplan:
    plan, _ = Datoplan.objects.get_or_create(aar=aar)
    return plan


def _snapshot(plan: Datoplan) -> list[dict]:
    items = plan.punkter.select_related("ansvarlig_enhet", "ansvarlig_person").order_by(
        "fra_dato", "pk"
    )
    return [item.snapshot() for item in items]


def _new_version(plan: Datoplan, bruker, endringer: list[dict]) -> Datoplanversjon:
    # The plan row is locked by the caller, so numbers are handed out one at a time.
    last = plan.versjoner.aggregate(n=Max("nummer"))["n"] or 0
    return Datoplanversjon.objects.create(
        plan=plan,
        nummer=last + 1,
        laget_av=bruker if bruker and bruker.is_authenticated else None,
        endringer=endringer,
        innhold=_snapshot(plan),
    )


def _lock(plan_id: int) -> Datoplan:
    return Datoplan.objects.select_for_update().get(pk=plan_id)


@transaction.atomic
def datoplanpunkt_lagre(*, punkt: Datoplanpunkt, bruker) -> Datoplanpunkt:
    """Save a new or changed item (moving it is changing its dates) as a new version."""
    _check_admin(bruker)
    if punkt.plan.pk is None:  # the year's first item makes its plan
        punkt.plan = datoplan_for_aar(punkt.plan.aar)
    plan = _lock(punkt.plan_id)
    punkt.full_clean()
    if punkt.pk is None:
        punkt.save()
        punkt.refresh_from_db()
        changes = [{"id": punkt.pk, "tittel": punkt.tittel, "handling": "lagt_til", "felt": {}}]
    else:
        before = Datoplanpunkt.objects.select_related("ansvarlig_enhet", "ansvarlig_person").get(
            pk=punkt.pk
        )
        punkt.save()
        punkt.refresh_from_db()
        changes = endringer_i_punkt(before.snapshot(), punkt.snapshot())
        if not changes:
            return punkt
    _new_version(plan, bruker, changes)
    return punkt


def _set_status(punkt: Datoplanpunkt, bruker, status: str, aktivitet=None) -> Datoplanpunkt:
    _check_admin(bruker)
    # The timeline offers «held» and «cancel» only on a planned item; a crafted POST meets the
    # same rule, judged on the stored row.
    stored = Datoplanpunkt.objects.values_list("status", flat=True).get(pk=punkt.pk)
    if status != Status.PLANLAGT and stored != Status.PLANLAGT:
        raise ValidationError(_("Punktet er ikke planlagt lenger. Sett det til planlagt først."))
    punkt.status = status
    punkt.aktivitet = aktivitet
    return datoplanpunkt_lagre(punkt=punkt, bruker=bruker)


def datoplanpunkt_avlys(*, punkt: Datoplanpunkt, bruker) -> Datoplanpunkt:
    return _set_status(punkt, bruker, Status.AVLYST)


def datoplanpunkt_marker_avholdt(
    *, punkt: Datoplanpunkt, bruker, aktivitet: Aktivitet | None = None
) -> Datoplanpunkt:
    return _set_status(punkt, bruker, Status.AVHOLDT, aktivitet)


def datoplanpunkt_gjenaapne(*, punkt: Datoplanpunkt, bruker) -> Datoplanpunkt:
    """Back to planned (a cancellation or a «held» set by mistake)."""
    return _set_status(punkt, bruker, Status.PLANLAGT)


def ledermottakere() -> list[Medlem]:
    """Every current chapter leader the plan can be sent to."""
    return list(
        kan_motta(Art.DATOPLAN)
        .filter(pk__in=lokallagsledere())
        .select_related("lokallag")
        .order_by("lokallag__navn", "fornavn")
    )


def endringer_siden_utsending(plan: Datoplan) -> tuple[Datoplanversjon | None, list[dict]]:
    """The plan's newest version and what changed since the last publication ([] if none)."""
    versjon = plan.siste_versjon()
    forrige = plan.siste_utsending()
    if versjon is None or forrige is None:
        return versjon, []
    return versjon, endringer_mellom(forrige.versjon.innhold, versjon.innhold)


@transaction.atomic
def datoplan_publiser(*, plan: Datoplan, bruker) -> Datoplanutsending:
    """Send the plan's newest version to every current chapter leader: the whole plan (with
    PDF and .ics) to those who have not had it, what changed to those who have."""
    _check_admin(bruker)
    plan = _lock(plan.pk)
    versjon, endringer = endringer_siden_utsending(plan)
    forrige = plan.siste_utsending()
    if versjon is None:
        raise ValidationError(_("Datoplanen har ingen punkter ennå."))
    if forrige is not None and (forrige.versjon_id == versjon.pk or not endringer):
        raise ValidationError(
            _("Ingen endringer siden forrige utsending (versjon %(nr)s).")
            % {"nr": forrige.versjon.nummer}
        )
    utsending = Datoplanutsending.objects.create(
        plan=plan,
        versjon=versjon,
        forrige=forrige,
        publisert=timezone.now(),
        publisert_av=bruker,
        endringer=endringer,
    )
    had_plan = set(
        Paaminnelse.objects.filter(utsending__plan=plan, art=Art.DATOPLAN)
        .exclude(status__in=[Leveringsstatus.HOPPET_OVER, Leveringsstatus.FEILET])
        .values_list("mottaker_id", flat=True)
    )
    rows = [
        Paaminnelse(
            art=Art.DATOPLAN_ENDRINGER if medlem.pk in had_plan else Art.DATOPLAN,
            anledning=f"datoplan-{plan.aar}-v{versjon.nummer}",
            mottaker=medlem,
            utsending=utsending,
        )
        for medlem in ledermottakere()
    ]
    Paaminnelse.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(sending.sender_snart_etter_commit, robust=True)
    return utsending
