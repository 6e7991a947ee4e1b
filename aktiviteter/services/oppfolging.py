"""Writes for the county's follow-up of the chapters: visits from the county, the chapter
tour, co-hosts of an activity, and media appearances. Each re-checks access."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from buskerud_sp.core.access import access_for
from lokallag.models import Lokallag
from medlemmer.models import Medlem

from ..models import Aktivitet, Aktivitetstype, Besok, Medieoppslag, Medvert, Status


def _check_county(bruker) -> None:
    if not access_for(bruker).follows_up_chapters:
        raise PermissionDenied


@transaction.atomic
def besok_legg_til(*, aktivitet: Aktivitet, medlem: Medlem, rolle: str, bruker) -> Besok:
    """Record that someone from the county attends (or attended) a chapter's activity."""
    _check_county(bruker)
    besok = Besok(aktivitet=aktivitet, medlem=medlem, rolle=rolle, registrert_av=bruker)
    besok.full_clean()
    besok.save()
    return besok


@transaction.atomic
def besok_fjern(*, besok: Besok, bruker) -> None:
    _check_county(bruker)
    besok.delete()


@transaction.atomic
def reiserunde_planlegg(
    *,
    lokallag: Lokallag,
    dato: datetime.date,
    starttid: datetime.time | None,
    sted: str,
    tittel: str,
    besokende: Iterable[Medlem],
    rolle: str,
    bruker,
) -> Aktivitet:
    """One stop of the chapter tour: a county activity held out in the chapter, with its
    visitors. It shows in the chapter's list and in the county's visits."""
    _check_county(bruker)
    county = Lokallag.objects.fylkeslag().get()
    aktivitet = Aktivitet(
        type=Aktivitetstype.REISERUNDE,
        enhet=county,
        vertslag=lokallag,
        tittel=tittel,
        dato=dato,
        starttid=starttid,
        sted=sted,
        status=Status.AVHOLDT if dato <= timezone.localdate() else Status.PLANLAGT,
        registrert_av=bruker,
    )
    aktivitet.full_clean()
    aktivitet.save()
    for medlem in besokende:
        besok = Besok(aktivitet=aktivitet, medlem=medlem, rolle=rolle, registrert_av=bruker)
        besok.full_clean()
        besok.save()
    return aktivitet


@transaction.atomic
def medverter_sett(*, aktivitet: Aktivitet, lokallag: Iterable[Lokallag], bruker) -> None:
    """Set the chapters that co-host the activity (those who register for it decide)."""
    if not Aktivitet.objects.managed_by(bruker).filter(pk=aktivitet.pk).exists():
        raise PermissionDenied
    wanted = {lag.pk: lag for lag in lokallag}
    aktivitet.medverter.exclude(lokallag_id__in=wanted).delete()
    present = set(aktivitet.medverter.values_list("lokallag_id", flat=True))
    for pk in sorted(wanted.keys() - present):
        medvert = Medvert(aktivitet=aktivitet, lokallag=wanted[pk])
        medvert.full_clean()
        medvert.save()


@transaction.atomic
def medieoppslag_lagre(*, oppslag: Medieoppslag, bruker) -> Medieoppslag:
    """Save a media appearance of a unit the user registers for."""
    if not Lokallag.objects.managed_by(bruker).filter(pk=oppslag.lokallag_id).exists():
        raise PermissionDenied
    if oppslag.pk is None:
        oppslag.registrert_av = bruker
    oppslag.full_clean()
    oppslag.save()
    return oppslag


@transaction.atomic
def medieoppslag_slett(*, oppslag: Medieoppslag, bruker) -> None:
    if not Medieoppslag.objects.managed_by(bruker).filter(pk=oppslag.pk).exists():
        raise PermissionDenied
    oppslag.delete()
