"""Writes to the organisation: chapter details and offices."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for, forget_access
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction

from .models import Lokallag, Verv


@transaction.atomic
def lokallag_oppdater_kontakt(
    *, lokallag: Lokallag, data: dict, av, ip: str | None = None
) -> Lokallag:
    """The chapter's contact details and social media, kept by its officers (and admins).
    The change is audited: which fields, not the values (a contact address may name a
    person, and an erasure finds entries by member only)."""
    if not access_for(av).can_manage_chapter(lokallag.pk):
        raise PermissionDenied
    for field, value in data.items():
        setattr(lokallag, field, value)
    lokallag.full_clean()
    lokallag.save(update_fields=list(data.keys()))
    audit.log(
        AuditContext(user=av, ip=ip),
        AuditAction.UPDATE,
        obj=lokallag,
        data={"felt": sorted(data)},
    )
    return lokallag


@transaction.atomic
def verv_opprett(*, enhet: Lokallag, data: dict, av, ip: str | None = None) -> Verv:
    """Register an office. Access follows from it on the holder's next request, so only an
    admin registers one (as the page that offers it)."""
    if not access_for(av).is_admin:
        raise PermissionDenied
    verv = Verv(enhet=enhet, **data)
    verv.full_clean()
    verv.save()
    audit.log(
        AuditContext(user=av, ip=ip),
        AuditAction.CREATE,
        obj=verv,
        medlem_id=verv.medlem_id,
        data={"rolle": verv.rolle, "enhet": enhet.slug},
    )
    forget_access(av)
    return verv


@transaction.atomic
def verv_avslutt(*, verv: Verv, til_dato: datetime.date, av, ip: str | None = None) -> Verv:
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
    audit.log(
        AuditContext(user=av, ip=ip),
        AuditAction.UPDATE,
        obj=verv,
        medlem_id=verv.medlem_id,
        data={"felt": ["til_dato"]},
    )
    forget_access(av)
    return verv
