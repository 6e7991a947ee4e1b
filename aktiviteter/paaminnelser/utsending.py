"""Publishing the date plan to the chapter leaders: a publication (``Datoplanutsending``) and
one delivery row per leader, sent by the reminders' sender. The whole plan (with PDF and .ics)
goes to leaders who have not had it, what changed since the previous publication to those who
have. It lives with the reminders because it is delivered by them; the plan itself, its
versions and what changed between them belong to the date plan slice."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.datoplan.models import Datoplan, Datoplanutsending
from aktiviteter.datoplan.services import endringer_siden_utsending, lock_plan
from aktiviteter.paaminnelser.models import Art, Leveringsstatus, Paaminnelse
from aktiviteter.paaminnelser.services import sending
from aktiviteter.paaminnelser.services.mottakere import kan_motta, lokallagsledere
from buskerud_sp.core.access import access_for
from medlemmer.models import Medlem


def ledermottakere() -> list[Medlem]:
    """Every current chapter leader the plan can be sent to."""
    return list(
        kan_motta(Art.DATOPLAN)
        .filter(pk__in=lokallagsledere())
        .select_related("lokallag")
        .order_by("lokallag__navn", "fornavn")
    )


@transaction.atomic
def datoplan_publiser(*, plan: Datoplan, bruker) -> Datoplanutsending:
    """Send the plan's newest version to every current chapter leader: the whole plan (with
    PDF and .ics) to those who have not had it, what changed to those who have."""
    if not access_for(bruker).is_admin:
        raise PermissionDenied
    plan = lock_plan(plan.pk)
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
