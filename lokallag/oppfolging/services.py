"""Writes of the follow-up: log a contact, correct it, mark its follow-up done, and set who
follows a chapter up. Each re-checks access, so a caller that skips the form still cannot
save what the rules refuse."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from buskerud_sp.core.access import access_for

from ..models import FYLKESSTYREVERV, Lokallag, Niva, Verv
from .models import Oppfolging


@transaction.atomic
def oppfolging_registrer(*, oppfolging: Oppfolging, av) -> Oppfolging:
    """A board member logs a contact with a chapter (and maybe a follow-up)."""
    if not access_for(av).follows_up_chapters:
        raise PermissionDenied
    oppfolging.registrert_av = av
    oppfolging.full_clean()
    oppfolging.save()
    return oppfolging


@transaction.atomic
def oppfolging_endre(*, oppfolging: Oppfolging, av) -> Oppfolging:
    if not Oppfolging.objects.editable_by(av).filter(pk=oppfolging.pk).exists():
        raise PermissionDenied
    oppfolging.full_clean()
    oppfolging.save()
    return oppfolging


@transaction.atomic
def oppfolging_utfort(*, oppfolging: Oppfolging, av, dato: datetime.date | None = None):
    """Mark the follow-up done (today by default). Doing it twice changes nothing."""
    if not Oppfolging.objects.closable_by(av).filter(pk=oppfolging.pk).exists():
        raise PermissionDenied
    oppfolging = Oppfolging.objects.select_for_update().get(pk=oppfolging.pk)
    if not oppfolging.er_apen:
        return oppfolging  # done already, or nothing to follow up
    # Not full_clean(): closing must work even when the owner has since left the board.
    oppfolging.utfort = dato or timezone.localdate()
    oppfolging.utfort_av = av
    oppfolging.save(update_fields=["utfort", "utfort_av", "endret"])
    return oppfolging


def board_members(dato: datetime.date | None = None):
    """Members with a current office on the county board."""
    from medlemmer.models import Medlem

    dato = dato or timezone.localdate()
    offices = Verv.objects.aktive(dato).filter(enhet__niva=Niva.FYLKE, rolle__in=FYLKESSTYREVERV)
    return Medlem.objects.filter(pk__in=offices.values("medlem_id"))


@transaction.atomic
def lokallag_sett_oppfolging(*, lokallag: Lokallag, ansvarlig, by_eller_bygd: str, av):
    """Choose who on the board follows the chapter up (None: the district representative) and
    whether it is a town or a village."""
    if not access_for(av).follows_up_chapters:
        raise PermissionDenied
    if ansvarlig is not None and not board_members().filter(pk=ansvarlig.pk).exists():
        raise ValidationError({"oppfolgingsansvarlig": _("Velg et medlem av fylkesstyret.")})
    lokallag.oppfolgingsansvarlig = ansvarlig
    lokallag.by_eller_bygd = by_eller_bygd
    lokallag.full_clean()
    lokallag.save(update_fields=["oppfolgingsansvarlig", "by_eller_bygd"])
    return lokallag
