"""Writes to the member register. Views call these; they are the one place a member changes,
so that later rules (audit trail, notifications) have one place to hook in."""

import datetime

from django.db import transaction

from lokallag.models import Verv

from .models import Medlem


@transaction.atomic
def medlem_opprett(*, data: dict, av) -> Medlem:
    """Create a member from validated form data."""
    medlem = Medlem(**data)
    medlem.full_clean()
    medlem.save()
    return medlem


@transaction.atomic
def medlem_oppdater(*, medlem: Medlem, data: dict, av) -> Medlem:
    """Apply validated changes to a member; returns the member with the changes saved."""
    for field, value in data.items():
        setattr(medlem, field, value)
    medlem.full_clean()
    medlem.save(update_fields=[*data.keys(), "endret"])
    return medlem


@transaction.atomic
def medlem_meld_ut(*, medlem: Medlem, dato: datetime.date, grunn: str, av) -> Medlem:
    """End a membership on the given day. The member's offices end the same day, so any
    access they gave ends with them."""
    medlem.utmeldt = dato
    medlem.utmeldingsgrunn = grunn
    medlem.full_clean()
    medlem.save(update_fields=["utmeldt", "utmeldingsgrunn", "endret"])
    Verv.objects.filter(medlem=medlem).aktive(dato).update(til_dato=dato)
    Verv.objects.filter(medlem=medlem, fra_dato__gt=dato).delete()
    return medlem
