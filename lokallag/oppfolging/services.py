"""Writes of the follow-up: log a contact, correct it, mark its follow-up done, set who
follows a chapter up; visits from the county, the chapter tour, co-hosts of an activity, and
media appearances.

Each enforces every rule its page shows (who may do it, and which chapters, members and
activities the form offers), so a caller that skips the form still cannot save what the
rules refuse; and each writes its own audit entry (``buskerud_sp.core.audit``), from the
actor and IP the view passes. The entries name the fields changed, not their values: the
contact log's free text and media titles may name people."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.models import AuditAction

from ..models import FYLKESSTYREVERV, Lokallag, Niva, Verv
from ..providers import activities, members, new_tour_stop
from .models import Besok, Medieoppslag, Medvert, Oppfolging

# What the contact form edits (the chapter is fixed once the contact is logged).
OPPFOLGING_FELT = ("dato", "kontaktform", "referat", "neste_steg", "frist", "ansvarlig_id")
MEDIEOPPSLAG_FELT = ("lokallag_id", "type", "dato", "medium", "tittel", "lenke")


def _changed(before: Model, after: Model, fields: Iterable[str]) -> list[str]:
    """The fields that differ, by their form names (``ansvarlig``, not ``ansvarlig_id``)."""
    return sorted(f.removesuffix("_id") for f in fields if getattr(before, f) != getattr(after, f))


def _check_follows_up(av) -> None:
    if not access_for(av).follows_up_chapters:
        raise PermissionDenied


def _check_chapter(lokallag_id: int | None, av, *, field: str = "lokallag") -> None:
    """An active chapter (not the county) the user sees: what the follow-up's forms offer."""
    chapters = Lokallag.objects.visible_to(av).lokallag().aktive()
    if lokallag_id is None or not chapters.filter(pk=lokallag_id).exists():
        raise ValidationError({field: _("Velg et aktivt lokallag.")})


def _check_members(medlemmer: Iterable[Model], av, *, field: str) -> None:
    """Active members the user sees: whom the visit forms offer."""
    ids = {m.pk for m in medlemmer}
    if ids and members().visible_to(av).aktive().filter(pk__in=ids).count() != len(ids):
        raise ValidationError({field: _("Velg aktive medlemmer.")})


def _check_visible_activity(aktivitet: Model, av) -> None:
    if not activities().visible_to(av).filter(pk=aktivitet.pk).exists():
        raise PermissionDenied


# --- The contact log ---------------------------------------------------------------------------


@transaction.atomic
def oppfolging_registrer(*, oppfolging: Oppfolging, av, ip: str | None = None) -> Oppfolging:
    """A board member logs a contact with a chapter (and maybe a follow-up)."""
    _check_follows_up(av)
    _check_chapter(oppfolging.lokallag_id, av)
    oppfolging.registrert_av = av
    oppfolging.full_clean()
    oppfolging.save()
    audit.log(
        AuditContext(user=av, ip=ip),
        AuditAction.CREATE,
        obj=oppfolging,
        data={"lokallag": oppfolging.lokallag.slug},
    )
    return oppfolging


@transaction.atomic
def oppfolging_endre(*, oppfolging: Oppfolging, av, ip: str | None = None) -> Oppfolging:
    """Whoever wrote the entry corrects it (while on the board); admins always. The chapter
    stays: a contact with another chapter is another entry."""
    before = Oppfolging.objects.editable_by(av).select_for_update().filter(pk=oppfolging.pk).first()
    if before is None:
        raise PermissionDenied
    if oppfolging.lokallag_id != before.lokallag_id:
        raise ValidationError({"lokallag": _("Laget kan ikke endres på en logget kontakt.")})
    oppfolging.full_clean()
    oppfolging.save()
    audit.log(
        AuditContext(user=av, ip=ip),
        AuditAction.UPDATE,
        obj=oppfolging,
        data={"felt": _changed(before, oppfolging, OPPFOLGING_FELT)},
    )
    return oppfolging


@transaction.atomic
def oppfolging_utfort(
    *, oppfolging: Oppfolging, av, ip: str | None = None, dato: datetime.date | None = None
) -> Oppfolging:
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
    audit.log(
        AuditContext(user=av, ip=ip),
        AuditAction.UPDATE,
        obj=oppfolging,
        data={"felt": ["utfort", "utfort_av"]},
    )
    return oppfolging


def board_members(dato: datetime.date | None = None):
    """Members with a current office on the county board."""
    dato = dato or timezone.localdate()
    offices = Verv.objects.aktive(dato).filter(enhet__niva=Niva.FYLKE, rolle__in=FYLKESSTYREVERV)
    return members().filter(pk__in=offices.values("medlem_id"))


@transaction.atomic
def lokallag_sett_oppfolging(
    *, lokallag: Lokallag, ansvarlig, by_eller_bygd: str, av, ip: str | None = None
) -> Lokallag:
    """Choose who on the board follows the chapter up (None: the district representative) and
    whether it is a town or a village. Chapters only: the county is not followed up."""
    _check_follows_up(av)
    if lokallag.niva != Niva.LOKAL:
        raise ValidationError(_("Velg et lokallag."))
    if ansvarlig is not None and not board_members().filter(pk=ansvarlig.pk).exists():
        raise ValidationError({"oppfolgingsansvarlig": _("Velg et medlem av fylkesstyret.")})
    before = Lokallag.objects.select_for_update().get(pk=lokallag.pk)
    lokallag.oppfolgingsansvarlig = ansvarlig
    lokallag.by_eller_bygd = by_eller_bygd
    lokallag.full_clean()
    lokallag.save(update_fields=["oppfolgingsansvarlig", "by_eller_bygd"])
    audit.log(
        AuditContext(user=av, ip=ip),
        AuditAction.UPDATE,
        obj=lokallag,
        data={"felt": _changed(before, lokallag, ("oppfolgingsansvarlig_id", "by_eller_bygd"))},
    )
    return lokallag


# --- Visits from the county, the chapter tour, co-hosts --------------------------------------
# ``aktivitet`` is an activity and ``medlem`` a member (the apps above lokallag own them).


def _log_visit(action: str, besok: Besok, bruker, ip: str | None) -> None:
    audit.log(
        AuditContext(user=bruker, ip=ip),
        action,
        obj=besok,
        medlem_id=besok.medlem_id,
        data={"aktivitet": besok.aktivitet_id, "rolle": besok.rolle},
    )


@transaction.atomic
def besok_legg_til(
    *, aktivitet: Model, medlem: Model, rolle: str, bruker, ip: str | None = None
) -> Besok:
    """Record that someone from the county attends (or attended) a chapter's activity."""
    _check_follows_up(bruker)
    _check_visible_activity(aktivitet, bruker)
    _check_members([medlem], bruker, field="medlem")
    besok = Besok(aktivitet=aktivitet, medlem=medlem, rolle=rolle, registrert_av=bruker)
    besok.full_clean()
    besok.save()
    _log_visit(AuditAction.CREATE, besok, bruker, ip)
    return besok


@transaction.atomic
def besok_fjern(*, besok: Besok, bruker, ip: str | None = None) -> None:
    _check_follows_up(bruker)
    _check_visible_activity(besok.aktivitet, bruker)
    _log_visit(AuditAction.DELETE, besok, bruker, ip)
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
    ip: str | None = None,
) -> Model:
    """One stop of the chapter tour: a county activity held out in the chapter, with its
    visitors. It shows in the chapter's list and in the county's visits."""
    _check_follows_up(bruker)
    _check_chapter(lokallag.pk, bruker)
    besokende = list(besokende)
    _check_members(besokende, bruker, field="besokende")
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
    audit.log(
        AuditContext(user=bruker, ip=ip),
        AuditAction.CREATE,
        obj=aktivitet,
        data={"reiserunde": lokallag.slug},
    )
    for medlem in besokende:
        besok = Besok(aktivitet=aktivitet, medlem=medlem, rolle=rolle, registrert_av=bruker)
        besok.full_clean()
        besok.save()
        _log_visit(AuditAction.CREATE, besok, bruker, ip)
    return aktivitet


@transaction.atomic
def medverter_sett(
    *, aktivitet: Model, lokallag: Iterable[Lokallag], bruker, ip: str | None = None
) -> None:
    """Set the chapters that co-host the activity (those who register for it decide). A
    chapter added must be active; one that has since closed may stay."""
    if not activities().managed_by(bruker).filter(pk=aktivitet.pk).exists():
        raise PermissionDenied
    wanted = {lag.pk: lag for lag in lokallag}
    present = set(aktivitet.medverter.values_list("lokallag_id", flat=True))
    added = sorted(wanted.keys() - present)
    removed = sorted(present - wanted.keys())
    if any(not wanted[pk].aktiv for pk in added):
        raise ValidationError({"lokallag": _("Velg aktive lokallag.")})
    aktivitet.medverter.filter(lokallag_id__in=removed).delete()
    for pk in added:
        medvert = Medvert(aktivitet=aktivitet, lokallag=wanted[pk])
        medvert.full_clean()
        medvert.save()
    if added or removed:
        audit.log(
            AuditContext(user=bruker, ip=ip),
            AuditAction.UPDATE,
            obj=aktivitet,
            data={"felt": ["medverter"], "lagt_til": added, "fjernet": removed},
        )


# --- Media appearances -----------------------------------------------------------------------


@transaction.atomic
def medieoppslag_lagre(*, oppslag: Medieoppslag, bruker, ip: str | None = None) -> Medieoppslag:
    """Save a media appearance of an active unit the user registers for; an existing one
    only if it belongs to a unit they register for."""
    before = None
    if oppslag.pk is not None:
        before = (
            Medieoppslag.objects.managed_by(bruker)
            .select_for_update()
            .filter(pk=oppslag.pk)
            .first()
        )
        if before is None:
            raise PermissionDenied
    if not Lokallag.objects.managed_by(bruker).aktive().filter(pk=oppslag.lokallag_id).exists():
        raise PermissionDenied
    if before is None:
        oppslag.registrert_av = bruker
    oppslag.full_clean()
    oppslag.save()
    context = AuditContext(user=bruker, ip=ip)
    if before is None:
        audit.log(context, AuditAction.CREATE, obj=oppslag, data={"lokallag": oppslag.lokallag_id})
    else:
        changed = _changed(before, oppslag, MEDIEOPPSLAG_FELT)
        audit.log(context, AuditAction.UPDATE, obj=oppslag, data={"felt": changed})
    return oppslag


@transaction.atomic
def medieoppslag_slett(*, oppslag: Medieoppslag, bruker, ip: str | None = None) -> None:
    if not Medieoppslag.objects.managed_by(bruker).filter(pk=oppslag.pk).exists():
        raise PermissionDenied
    audit.log(
        AuditContext(user=bruker, ip=ip),
        AuditAction.DELETE,
        obj=oppslag,
        data={"lokallag": oppslag.lokallag_id},
    )
    oppslag.delete()
