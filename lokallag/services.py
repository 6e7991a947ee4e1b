"""Writes to the organisation: chapter details and offices."""

import datetime

from django.db import transaction

from buskerud_sp.access import forget_access

from .models import Lokallag, Verv


@transaction.atomic
def lokallag_oppdater_kontakt(*, lokallag: Lokallag, data: dict, av) -> Lokallag:
    for field, value in data.items():
        setattr(lokallag, field, value)
    lokallag.full_clean()
    lokallag.save(update_fields=list(data.keys()))
    return lokallag


@transaction.atomic
def verv_opprett(*, enhet: Lokallag, data: dict, av) -> Verv:
    """Register an office. Access follows from it on the holder's next request."""
    verv = Verv(enhet=enhet, **data)
    verv.full_clean()
    verv.save()
    forget_access(av)
    return verv


@transaction.atomic
def verv_avslutt(*, verv: Verv, til_dato: datetime.date, av) -> Verv:
    """End an office; the holder's access through it ends after that day."""
    verv.til_dato = til_dato
    verv.full_clean()
    verv.save(update_fields=["til_dato"])
    forget_access(av)
    return verv
