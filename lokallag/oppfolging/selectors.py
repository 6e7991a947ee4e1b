"""Reads for the follow-up pages: each chapter's last contact, last activity, open follow-ups
and warnings, in a fixed number of queries whatever the number of chapters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buskerud_sp.core.access import access_for

from ..models import Lokallag, Rolle, Verv
from .models import Oppfolging

# The plan asks for "a closer dialogue": a chapter not heard from in eight weeks, or without
# a held activity in 90 days, is flagged. Both count whole days since the last one; the
# warning shows from the day after the limit (day 57 and day 91).
INGEN_KONTAKT_DAGER = 56
INGEN_AKTIVITET_DAGER = 90


def _count(queryset) -> Coalesce:
    """A correlated COUNT(*) as a subquery (a join would multiply the other counts)."""
    counted = queryset.order_by().values("lokallag").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_follow_up_status(chapters: QuerySet[Lokallag], today: datetime.date) -> QuerySet[Lokallag]:
    """Annotate what the follow-up pages show and the warnings read: ``siste_kontakt``,
    ``siste_aktivitet`` (held, own or co-hosted), ``apne_oppfolginger``,
    ``forfalte_oppfolginger``, ``har_leder``, ``har_kvinnekontakt`` and ``ansvarlig_id``."""
    from aktiviteter.models import Aktivitet, Status

    last_contact = (
        Oppfolging.objects.filter(lokallag=OuterRef("pk"), dato__lte=today)
        .order_by("-dato")
        .values("dato")[:1]
    )
    last_activity = (
        Aktivitet.objects.for_lokallag(OuterRef("pk"))
        .filter(dato__lte=today)
        .exclude(status=Status.AVLYST)
        .order_by("-dato")
        .values("dato")[:1]
    )
    offices = Verv.objects.aktive(today).filter(enhet=OuterRef("pk"))
    open_entries = Oppfolging.objects.filter(lokallag=OuterRef("pk")).apne()
    return chapters.med_ansvarlig(today).annotate(
        siste_kontakt=Subquery(last_contact),
        siste_aktivitet=Subquery(last_activity),
        apne_oppfolginger=_count(open_entries),
        forfalte_oppfolginger=_count(open_entries.filter(frist__lt=today)),
        har_leder=Exists(offices.filter(rolle=Rolle.LEDER)),
        har_kvinnekontakt=Exists(offices.filter(rolle=Rolle.SENTERKVINNEKONTAKT)),
    )


def warnings_for(chapter: Lokallag, today: datetime.date) -> list[str]:
    """The warnings of one annotated chapter (see ``with_follow_up_status``)."""
    warnings = []
    if not chapter.har_leder:
        warnings.append(_("Mangler leder"))
    if not chapter.har_kvinnekontakt:
        warnings.append(_("Mangler senterkvinnekontakt"))
    if chapter.siste_aktivitet is None:
        warnings.append(_("Ingen aktivitet registrert"))
    elif (today - chapter.siste_aktivitet).days > INGEN_AKTIVITET_DAGER:
        warnings.append(_("Ingen aktivitet på %(dager)s dager") % {"dager": INGEN_AKTIVITET_DAGER})
    if chapter.siste_kontakt is None:
        warnings.append(_("Ingen kontakt registrert"))
    elif (today - chapter.siste_kontakt).days > INGEN_KONTAKT_DAGER:
        weeks = INGEN_KONTAKT_DAGER // 7
        warnings.append(
            ngettext("Ingen kontakt på %(uker)s uke", "Ingen kontakt på %(uker)s uker", weeks)
            % {"uker": weeks}
        )
    return warnings


def _rows(chapters: QuerySet[Lokallag], today: datetime.date) -> list[Lokallag]:
    """Evaluate, then attach ``varsler`` and the responsible ``ansvarlig`` (one more query)."""
    from medlemmer.models import Medlem

    rows = list(with_follow_up_status(chapters, today))
    people = Medlem.objects.in_bulk({c.ansvarlig_id for c in rows if c.ansvarlig_id})
    for chapter in rows:
        chapter.varsler = warnings_for(chapter, today)
        chapter.ansvarlig = people.get(chapter.ansvarlig_id)
    return rows


def my_chapters(user, today: datetime.date | None = None) -> list[Lokallag]:
    """The chapters this board member follows up, for their start page."""
    today = today or timezone.localdate()
    access = access_for(user)
    if not access.follows_up_chapters or access.medlem_id is None:
        return []
    chapters = (
        Lokallag.objects.visible_to(user)
        .lokallag()
        .aktive()
        .ansvar_for(access.medlem_id, today)
        .select_related("distrikt")
        .order_by("navn")
    )
    return _rows(chapters, today)


@dataclass
class Overview:
    groups: list[tuple[object, list[Lokallag]]]
    chapter_count: int
    with_warnings: int


def county_overview(user, today: datetime.date | None = None) -> Overview:
    """Every active chapter in the county, by district, for the board."""
    today = today or timezone.localdate()
    chapters = (
        Lokallag.objects.visible_to(user)
        .lokallag()
        .aktive()
        .select_related("distrikt")
        .order_by("distrikt__rekkefolge", "distrikt__navn", "organisasjon", "navn")
    )
    rows = _rows(chapters, today)
    groups = [
        (district or _("Uten distrikt"), list(items))
        for district, items in groupby(rows, key=lambda c: c.distrikt)
    ]
    return Overview(
        groups=groups,
        chapter_count=len(rows),
        with_warnings=sum(1 for c in rows if c.varsler),
    )


def chapter_status(user, chapter: Lokallag, today: datetime.date | None = None) -> Lokallag:
    """One chapter with the same annotations, for its log page."""
    today = today or timezone.localdate()
    return _rows(Lokallag.objects.filter(pk=chapter.pk).select_related("distrikt"), today)[0]


def log_entries(user) -> QuerySet[Oppfolging]:
    """The log entries the user may read, with what the lists show."""
    return Oppfolging.objects.visible_to(user).select_related(
        "lokallag", "ansvarlig", "registrert_av__medlem", "utfort_av"
    )


def open_follow_ups_for(user) -> QuerySet[Oppfolging]:
    """Open follow-ups the user owns, soonest first: the start page and the weekly digest."""
    access = access_for(user)
    if access.medlem_id is None:
        return Oppfolging.objects.none()
    return log_entries(user).apne().filter(ansvarlig_id=access.medlem_id).order_by("frist", "pk")
