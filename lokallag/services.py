"""Writes to the organisation: chapter details and offices."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buskerud_sp.core.access import access_for, forget_access

from .models import Lokallag, Verv


@transaction.atomic
def lokallag_oppdater_kontakt(*, lokallag: Lokallag, data: dict, av) -> Lokallag:
    """The chapter's contact details and social media, kept by its officers (and admins)."""
    if not access_for(av).can_manage_chapter(lokallag.pk):
        raise PermissionDenied
    for field, value in data.items():
        setattr(lokallag, field, value)
    lokallag.full_clean()
    lokallag.save(update_fields=list(data.keys()))
    return lokallag


@transaction.atomic
def verv_opprett(*, enhet: Lokallag, data: dict, av) -> Verv:
    """Register an office. Access follows from it on the holder's next request, so only an
    admin registers one (as the page that offers it)."""
    if not access_for(av).is_admin:
        raise PermissionDenied
    verv = Verv(enhet=enhet, **data)
    verv.full_clean()
    verv.save()
    forget_access(av)
    return verv


@transaction.atomic
def verv_avslutt(*, verv: Verv, til_dato: datetime.date, av) -> Verv:
    """End an office; the holder's access through it ends after that day.

    Admins only, and only a current office: the chapter page offers «avslutt» on today's
    board alone. A crafted POST on an ended office would rewrite its end, and a later end
    would give its holder their access back."""
    if not access_for(av).is_admin:
        raise PermissionDenied
    if not Verv.objects.aktive(timezone.localdate()).filter(pk=verv.pk).exists():
        raise ValidationError({"til_dato": _("Vervet er ikke gjeldende og kan ikke avsluttes.")})
    verv.til_dato = til_dato
    verv.full_clean()
    verv.save(update_fields=["til_dato"])
    forget_access(av)
    return verv
