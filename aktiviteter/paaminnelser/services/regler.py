"""Admins change the rules of the rhythm; the planner reads them on the next tick."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from aktiviteter.aktivitet.services.tirsdag import (
    tirsdagsmoter_folg_kalender,
    tirsdagsmoter_folg_regel,
)
from aktiviteter.paaminnelser.models import Paaminnelsesregel, Regeltype
from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for
from buskerud_sp.core.models import AuditAction


@transaction.atomic
def regel_lagre(*, regel: Paaminnelsesregel, bruker) -> Paaminnelsesregel:
    """Save a changed rule. When the Tuesday call moves (weekday or time), the coming planned
    calls follow, and their reminders with them (the planner reads the calls' new dates); a
    pause or the holiday setting on the call's rule cancels (or brings back) the coming calls
    it covers, so nothing about them is sent."""
    if not access_for(bruker).is_admin:
        raise PermissionDenied
    regel.endret_av = bruker
    regel.full_clean()
    regel.save()
    data = {
        "regel": regel.nokkel,
        "aktiv": regel.aktiv,
        "pause_fra": str(regel.pause_fra or ""),
        "pause_til": str(regel.pause_til or ""),
        "hopp_over_helligdager": regel.hopp_over_helligdager,
    }
    if regel.nokkel == Regeltype.TIRSDAGSMOTE:
        data["flyttet"] = tirsdagsmoter_folg_regel(regel=regel)
        data["endret_status"] = tirsdagsmoter_folg_kalender(regel=regel, fra=timezone.localdate())
    audit.log(None, AuditAction.UPDATE, obj=regel, data=data, user=bruker)
    return regel


def tirsdagsregel() -> Paaminnelsesregel:
    """The rule «Tirsdagsmøtet»: the Tuesday calls' weekday, time, dial-in, pause and holidays
    (the activity slice reads it through ``register_call_rule``)."""
    return Paaminnelsesregel.objects.sikre_standard()[Regeltype.TIRSDAGSMOTE]
