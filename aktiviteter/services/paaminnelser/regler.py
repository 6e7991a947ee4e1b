"""Admins change the rules of the rhythm; the planner reads them on the next tick."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from buskerud_sp.access import access_for

from ...models import Paaminnelsesregel, Regeltype
from ..tirsdag import tirsdagsmoter_folg_regel


@transaction.atomic
def regel_lagre(*, regel: Paaminnelsesregel, bruker) -> Paaminnelsesregel:
    """Save a changed rule. When the Tuesday call moves (weekday or time), the coming planned
    calls follow, and their reminders with them (the planner reads the calls' new dates)."""
    if not access_for(bruker).is_admin:
        raise PermissionDenied
    regel.endret_av = bruker
    regel.full_clean()
    regel.save()
    if regel.nokkel == Regeltype.TIRSDAGSMOTE:
        tirsdagsmoter_folg_regel(regel=regel)
    return regel
