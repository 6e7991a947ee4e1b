"""Reads for the follow-up pages: each chapter's last contact, last activity, open follow-ups
and warnings; visits from the county per chapter, the split between towns and villages, and
media appearances. Each runs a fixed number of queries whatever the amount of data
(tests/lokallag/test_oppfolging_queries.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from buskerud_sp.core.access import access_for

from ..models import ByEllerBygd, Lokallag, Niva, Rolle, Verv
from ..providers import activities, cycle_warnings, members
from .models import Besok, Medieoppslag, Medietype, Oppfolging

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
    last_contact = (
        Oppfolging.objects.filter(lokallag=OuterRef("pk"), dato__lte=today)
        .order_by("-dato")
        .values("dato")[:1]
    )
    last_activity = (
        activities()
        .for_lokallag(OuterRef("pk"))
        .filter(dato__lte=today)
        .ikke_avlyste()
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


class Lenkevarsel(str):
    """A warning with a link to where it is resolved (the chapter's annual meeting): a string
    like the other warnings, so the pages and the counts treat them alike."""

    url: str

    def __new__(cls, text: str, url: str) -> Lenkevarsel:
        obj = super().__new__(cls, text)
        obj.url = url
        return obj


def _rows(chapters: QuerySet[Lokallag], today: datetime.date) -> list[Lokallag]:
    """Evaluate, then attach ``varsler`` (with the annual meeting cycle's, from the app that
    owns it) and the responsible ``ansvarlig`` (a few more queries)."""
    rows = list(with_follow_up_status(chapters, today))
    people = members().in_bulk({c.ansvarlig_id for c in rows if c.ansvarlig_id})
    cycle = cycle_warnings([c.pk for c in rows], today) if rows else {}
    for chapter in rows:
        chapter.varsler = warnings_for(chapter, today) + [
            Lenkevarsel(text, url) for text, url in cycle.get(chapter.pk, [])
        ]
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


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery, without GROUP BY tricks."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


# --- Visits from the county ---------------------------------------------------------------


@dataclass
class ChapterVisits:
    chapter: Lokallag
    held: list[Model] = field(default_factory=list)  # activities
    planned: list[Model] = field(default_factory=list)

    @property
    def visited(self) -> bool:
        return bool(self.held)


def _chapters_of(aktivitet) -> set[int]:
    """The chapters an activity takes place in: its own chapter, co-hosts and host."""
    ids = {m.lokallag_id for m in aktivitet.medverter.all()}
    if aktivitet.enhet.niva == Niva.LOKAL:
        ids.add(aktivitet.enhet_id)
    if aktivitet.vertslag_id:
        ids.add(aktivitet.vertslag_id)
    return ids


def visits_by_chapter(
    user, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> list[ChapterVisits]:
    """Every active chapter with the visits from the county held in the period (up to today)
    and those planned in it after today. A chapter without a held visit was not visited."""
    today = today or timezone.localdate()
    chapters = list(
        Lokallag.objects.visible_to(user)
        .lokallag()
        .aktive()
        .select_related("distrikt")
        .order_by("distrikt__rekkefolge", "distrikt__navn", "navn")
    )
    rows = {c.pk: ChapterVisits(chapter=c) for c in chapters}
    visited = (
        activities()
        .visible_to(user)
        .ikke_avlyste()
        .for_lokallag_in(list(rows), vertskap=True)
        .filter(Exists(Besok.objects.filter(aktivitet=OuterRef("pk"))), dato__range=(start, end))
        .select_related("enhet", "vertslag")
        .prefetch_related(
            "medverter",
            Prefetch("besok", queryset=Besok.objects.select_related("medlem").order_by("pk")),
        )
        .order_by("dato", "starttid", "pk")
    )
    for aktivitet in visited:
        for chapter_id in _chapters_of(aktivitet) & rows.keys():
            row = rows[chapter_id]
            (row.held if aktivitet.dato <= today else row.planned).append(aktivitet)
    return list(rows.values())


# --- Towns and villages -------------------------------------------------------------------


@dataclass
class Share:
    label: str
    chapters: list[Lokallag]
    members: int = 0
    new_members: int = 0
    campaign: int = 0
    visits: int = 0
    visited_chapters: int = 0

    @property
    def campaign_per_chapter(self) -> float:
        return round(self.campaign / len(self.chapters), 1) if self.chapters else 0.0


def _campaign(qs):
    return qs.valgkamp().ikke_avlyste()


def _visited(qs):
    return qs.filter(Exists(Besok.objects.filter(aktivitet=OuterRef("pk")))).ikke_avlyste()


def town_and_village(
    user, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> tuple[list[Share], Share]:
    """Campaign activity, visits and recruitment per chapter and split by town and village,
    in the period. An activity co-hosted by several chapters counts once for each chapter,
    once in each group, and once in the county's total."""
    today = today or timezone.localdate()
    held = activities().visible_to(user).filter(dato__range=(start, min(end, today)))
    chapter_members = members().filter(lokallag=OuterRef("pk"))
    chapters = list(
        Lokallag.objects.visible_to(user)
        .lokallag()
        .aktive()
        .annotate(
            medlemstall=SubqueryCount(chapter_members.aktive(today).values("pk")),
            nye=SubqueryCount(chapter_members.filter(innmeldt__range=(start, end)).values("pk")),
            valgkamp=SubqueryCount(_campaign(held.for_lokallag(OuterRef("pk"))).values("pk")),
            besok_antall=SubqueryCount(
                _visited(held.for_lokallag(OuterRef("pk"), vertskap=True)).values("pk")
            ),
        )
        .order_by("by_eller_bygd", "navn")
    )
    shares = []
    for value, label in ByEllerBygd.choices:
        group = [c for c in chapters if c.by_eller_bygd == value]
        shares.append(_share(str(label), group, held))
    total = _share("", chapters, held)
    return shares, total


def _share(label: str, chapters: list[Lokallag], held: QuerySet) -> Share:
    ids = [c.pk for c in chapters]
    return Share(
        label=label,
        chapters=chapters,
        members=sum(c.medlemstall for c in chapters),
        new_members=sum(c.nye for c in chapters),
        campaign=_campaign(held.for_lokallag_in(ids)).count() if ids else 0,
        visits=_visited(held.for_lokallag_in(ids, vertskap=True)).count() if ids else 0,
        visited_chapters=sum(1 for c in chapters if c.besok_antall),
    )


# --- Media ----------------------------------------------------------------------------------


def media_by_chapter(user, aar: int) -> list[Lokallag]:
    """The user's visible units with their media appearances in the year per type, and their
    meetings with local media (activities), in one query."""
    appearances = Medieoppslag.objects.filter(lokallag=OuterRef("pk"), dato__year=aar)
    meetings = (
        activities().for_lokallag(OuterRef("pk")).lokalmedia().filter(dato__year=aar).ikke_avlyste()
    )
    counts = {
        f"antall_{value}": SubqueryCount(appearances.filter(type=value).values("pk"))
        for value in Medietype.values
    }
    access_units = Lokallag.objects.visible_to(user)
    access = access_for(user)
    if not access.sees_all_chapters:
        access_units = access_units.filter(pk__in=access.officer_chapter_ids)
    units = list(
        access_units.aktive()
        .annotate(
            **counts,
            antall_oppslag=SubqueryCount(appearances.values("pk")),
            antall_mediemoter=SubqueryCount(meetings.values("pk")),
        )
        .order_by("niva", "navn")
    )
    for unit in units:
        unit.per_type = [
            (label, getattr(unit, f"antall_{value}")) for value, label in Medietype.choices
        ]
    return units
