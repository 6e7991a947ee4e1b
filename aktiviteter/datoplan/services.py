"""Writes to the date plan: add, change (move), cancel, mark held. Every change makes a new
version holding who, when, what changed and the whole plan. Publishing a version to the
chapter leaders is a delivery of the reminders (``aktiviteter.paaminnelser.utsending``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from aktiviteter.aktivitet.models import Aktivitet, Status
from aktiviteter.datoplan.models import Datoplan, Datoplanpunkt, Datoplanversjon
from aktiviteter.datoplan.visning import endringer_i_punkt, endringer_mellom
from buskerud_sp.core.access import access_for


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


def lock_plan(plan_id: int) -> Datoplan:
    """The plan row, locked until the transaction ends: versions are numbered one at a time."""
    return Datoplan.objects.select_for_update().get(pk=plan_id)


@transaction.atomic
def datoplanpunkt_lagre(*, punkt: Datoplanpunkt, bruker) -> Datoplanpunkt:
    """Save a new or changed item (moving it is changing its dates) as a new version."""
    _check_admin(bruker)
    if punkt.plan.pk is None:  # the year's first item makes its plan
        punkt.plan = datoplan_for_aar(punkt.plan.aar)
    plan = lock_plan(punkt.plan_id)
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


def endringer_siden_utsending(plan: Datoplan) -> tuple[Datoplanversjon | None, list[dict]]:
    """The plan's newest version and what changed since the last publication ([] if none)."""
    versjon = plan.siste_versjon()
    forrige = plan.siste_utsending()
    if versjon is None or forrige is None:
        return versjon, []
    return versjon, endringer_mellom(forrige.versjon.innhold, versjon.innhold)
