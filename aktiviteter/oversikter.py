"""Reads for the county's follow-up overviews: visits from the county per chapter, the split
between towns and villages, and media appearances. Each runs a fixed number of queries
whatever the amount of data (tests/aktiviteter/test_oppfolging_queries.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from buskerud_sp.core.access import access_for
from lokallag.models import ByEllerBygd, Lokallag, Niva
from medlemmer.models import Medlem

from .models import Aktivitet, Aktivitetstype, Besok, Medieoppslag, Medietype, Status
from .models.aktivitet import VALGKAMPTYPER


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery, without GROUP BY tricks."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()


def halvaar(dato: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The half-year (January–June or July–December) the day falls in."""
    if dato.month <= 6:
        return datetime.date(dato.year, 1, 1), datetime.date(dato.year, 6, 30)
    return datetime.date(dato.year, 7, 1), datetime.date(dato.year, 12, 31)


def _not_cancelled(qs):
    return qs.exclude(status=Status.AVLYST)


# --- Visits from the county ---------------------------------------------------------------


@dataclass
class ChapterVisits:
    chapter: Lokallag
    held: list[Aktivitet] = field(default_factory=list)
    planned: list[Aktivitet] = field(default_factory=list)

    @property
    def visited(self) -> bool:
        return bool(self.held)


def _chapters_of(aktivitet: Aktivitet) -> set[int]:
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
        _not_cancelled(Aktivitet.objects.visible_to(user))
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
    return _not_cancelled(qs.filter(type__in=VALGKAMPTYPER))


def _visited(qs):
    return _not_cancelled(qs.filter(Exists(Besok.objects.filter(aktivitet=OuterRef("pk")))))


def town_and_village(
    user, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> tuple[list[Share], Share]:
    """Campaign activity, visits and recruitment per chapter and split by town and village,
    in the period. An activity co-hosted by several chapters counts once for each chapter,
    once in each group, and once in the county's total."""
    today = today or timezone.localdate()
    activities = Aktivitet.objects.visible_to(user).filter(dato__range=(start, min(end, today)))
    members = Medlem.objects.filter(lokallag=OuterRef("pk"))
    chapters = list(
        Lokallag.objects.visible_to(user)
        .lokallag()
        .aktive()
        .annotate(
            medlemstall=SubqueryCount(members.aktive(today).values("pk")),
            nye=SubqueryCount(members.filter(innmeldt__range=(start, end)).values("pk")),
            valgkamp=SubqueryCount(_campaign(activities.for_lokallag(OuterRef("pk"))).values("pk")),
            besok_antall=SubqueryCount(
                _visited(activities.for_lokallag(OuterRef("pk"), vertskap=True)).values("pk")
            ),
        )
        .order_by("by_eller_bygd", "navn")
    )
    shares = []
    for value, label in ByEllerBygd.choices:
        group = [c for c in chapters if c.by_eller_bygd == value]
        shares.append(_share(str(label), group, activities))
    total = _share("", chapters, activities)
    return shares, total


def _share(label: str, chapters: list[Lokallag], activities: QuerySet[Aktivitet]) -> Share:
    ids = [c.pk for c in chapters]
    return Share(
        label=label,
        chapters=chapters,
        members=sum(c.medlemstall for c in chapters),
        new_members=sum(c.nye for c in chapters),
        campaign=_campaign(activities.for_lokallag_in(ids)).count() if ids else 0,
        visits=_visited(activities.for_lokallag_in(ids, vertskap=True)).count() if ids else 0,
        visited_chapters=sum(1 for c in chapters if c.besok_antall),
    )


# --- Media ----------------------------------------------------------------------------------


def media_by_chapter(user, aar: int) -> list[Lokallag]:
    """The user's visible units with their media appearances in the year per type, and their
    meetings with local media (activities), in one query."""
    appearances = Medieoppslag.objects.filter(lokallag=OuterRef("pk"), dato__year=aar)
    meetings = _not_cancelled(
        Aktivitet.objects.for_lokallag(OuterRef("pk")).filter(
            type=Aktivitetstype.LOKALMEDIA, dato__year=aar
        )
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
