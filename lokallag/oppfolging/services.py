"""Writes of the follow-up: log a contact, correct it, mark its follow-up done, set who
follows a chapter up; visits from the county, the chapter tour, co-hosts of an activity, and
media appearances. Each re-checks access, so a caller that skips the form still cannot save
what the rules refuse."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from buskerud_sp.core.access import access_for

from ..models import FYLKESSTYREVERV, Lokallag, Niva, Verv
from ..providers import activities, members, new_tour_stop
from .models import Besok, Medieoppslag, Medvert, Oppfolging


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
    dato = dato or timezone.localdate()
    offices = Verv.objects.aktive(dato).filter(enhet__niva=Niva.FYLKE, rolle__in=FYLKESSTYREVERV)
    return members().filter(pk__in=offices.values("medlem_id"))


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


# --- Visits from the county, the chapter tour, co-hosts --------------------------------------
# ``aktivitet`` is an activity and ``medlem`` a member (the apps above lokallag own them).


def _check_county(bruker) -> None:
    if not access_for(bruker).follows_up_chapters:
        raise PermissionDenied


@transaction.atomic
def besok_legg_til(*, aktivitet: Model, medlem: Model, rolle: str, bruker) -> Besok:
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
    besokende: Iterable[Model],
    rolle: str,
    bruker,
) -> Model:
    """One stop of the chapter tour: a county activity held out in the chapter, with its
    visitors. It shows in the chapter's list and in the county's visits."""
    _check_county(bruker)
    aktivitet = new_tour_stop(
        lokallag=lokallag,
        dato=dato,
        starttid=starttid,
        sted=sted,
        tittel=tittel,
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
def medverter_sett(*, aktivitet: Model, lokallag: Iterable[Lokallag], bruker) -> None:
    """Set the chapters that co-host the activity (those who register for it decide)."""
    if not activities().managed_by(bruker).filter(pk=aktivitet.pk).exists():
        raise PermissionDenied
    wanted = {lag.pk: lag for lag in lokallag}
    aktivitet.medverter.exclude(lokallag_id__in=wanted).delete()
    present = set(aktivitet.medverter.values_list("lokallag_id", flat=True))
    for pk in sorted(wanted.keys() - present):
        medvert = Medvert(aktivitet=aktivitet, lokallag=wanted[pk])
        medvert.full_clean()
        medvert.save()


# --- Media appearances -----------------------------------------------------------------------


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
