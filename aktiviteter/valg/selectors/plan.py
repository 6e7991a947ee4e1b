"""What the campaign plan's pages, the dashboard and the warnings read: each goal's progress,
counted from the chapters' activities, and each chapter's goals together.

Done: the chapter's held activities (own and co-hosted, ``Aktivitet.objects.for_lokallag_in``)
of the goal's type (``AKTIVITETSTYPE``), dated from the campaign start to the goal's deadline;
the planned ones in the same window are shown beside. Social-media goals count what the chapter
reported. Three queries however many chapters and goals: the goals, the activities, and the
co-hosts of those activities."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.models import Aktivitet, Status
from aktiviteter.valg.models import Valgkampmaal
from lokallag.models import Lokallag
from lokallag.oppfolging.models import Medvert

# A goal's state, in the order the pages sort them: (key, label).
NAADD = "naadd"
I_RUTE = "i_rute"
ETTER = "etter"
PASSERT = "passert"
STATUS = {
    NAADD: _("Nådd"),
    I_RUTE: _("I rute"),
    ETTER: _("Ligger etter"),
    PASSERT: _("Frist passert"),
}


@dataclass(frozen=True)
class Maalstatus:
    """One goal's progress on ``today``."""

    maal: Valgkampmaal
    gjort: int
    planlagt: int
    today: datetime.date

    @property
    def frist(self) -> datetime.date:
        return self.maal.frist

    @property
    def start(self) -> datetime.date:
        return self.maal.valg.kampanjestart

    @property
    def forventet(self) -> int:
        """What should be done by today, pro rata between the campaign start and the deadline
        (rounded down: a goal of one is due only at its deadline)."""
        if self.today >= self.frist:
            return self.maal.antall
        if self.today <= self.start:
            return 0
        share = (self.today - self.start).days / (self.frist - self.start).days
        return math.floor(self.maal.antall * share)

    @property
    def naadd(self) -> bool:
        return self.gjort >= self.maal.antall

    @property
    def forfalt(self) -> bool:
        """The deadline has passed (the deadline day itself still counts)."""
        return self.today > self.frist

    @property
    def status(self) -> str:
        if self.naadd:
            return NAADD
        if self.forfalt:
            return PASSERT
        if self.gjort < self.forventet:
            return ETTER
        return I_RUTE

    @property
    def status_tekst(self) -> str:
        return str(STATUS[self.status])

    @property
    def ligger_etter(self) -> bool:
        return self.status in (ETTER, PASSERT)

    @property
    def rapporteres(self) -> bool:
        """Counted from what the chapter reports, not from its activities."""
        return self.maal.aktivitetstype is None

    @property
    def prosent(self) -> int:
        return min(100, round(100 * self.gjort / self.maal.antall))


@dataclass
class Lagstatus:
    """One chapter's goals in one election (or none)."""

    lokallag: Lokallag
    maal: list[Maalstatus] = field(default_factory=list)

    @property
    def ligger_etter(self) -> bool:
        return any(m.ligger_etter for m in self.maal)

    @property
    def etter(self) -> list[Maalstatus]:
        return [m for m in self.maal if m.ligger_etter]

    @property
    def naadd(self) -> int:
        return sum(1 for m in self.maal if m.naadd)

    @property
    def forfalte(self) -> list[Maalstatus]:
        return [m for m in self.maal if m.forfalt]

    @property
    def i_tide(self) -> bool | None:
        """Every goal due so far reached (the dashboard's coverage); None while none is due."""
        due = self.forfalte
        if not due:
            return None
        return all(m.naadd for m in due)


def _counts(goals: list[Valgkampmaal]) -> tuple[dict, dict]:
    """``{(chapter id, type): [(date, status)]}`` of the chapters' held and planned activities
    of the goals' types, each activity once per chapter (two queries)."""
    counted = [g for g in goals if g.aktivitetstype]
    if not counted:
        return {}, {}
    chapter_ids = {g.lokallag_id for g in counted}
    types = {g.aktivitetstype for g in counted}
    first = min(g.valg.kampanjestart for g in counted)
    last = max(g.frist for g in counted)
    activities = Aktivitet.objects.for_lokallag_in(chapter_ids).filter(
        type__in=types,
        status__in=(Status.AVHOLDT, Status.PLANLAGT),
        dato__range=(first, last),
    )
    rows = list(activities.order_by().values_list("pk", "enhet_id", "type", "dato", "status"))
    hosts: dict[int, set[int]] = defaultdict(set)
    for pk, enhet_id, *_rest in rows:
        hosts[pk].add(enhet_id)
    for aktivitet_id, lokallag_id in Medvert.objects.filter(
        aktivitet_id__in=[r[0] for r in rows], lokallag_id__in=chapter_ids
    ).values_list("aktivitet_id", "lokallag_id"):
        hosts[aktivitet_id].add(lokallag_id)
    held: dict[tuple[int, str], list[datetime.date]] = defaultdict(list)
    planned: dict[tuple[int, str], list[datetime.date]] = defaultdict(list)
    for pk, _enhet, typ, dato, status in rows:
        target = held if status == Status.AVHOLDT else planned
        for chapter_id in hosts[pk] & chapter_ids:
            target[(chapter_id, typ)].append(dato)
    return held, planned


def _within(days: Iterable[datetime.date], start: datetime.date, end: datetime.date) -> int:
    return sum(1 for d in days if start <= d <= end)


def maalstatus_for(goals, today: datetime.date) -> list[Maalstatus]:
    """Every goal of the queryset with its progress (three queries)."""
    goals = list(goals.select_related("valg", "lokallag", "lokallag__distrikt"))
    held, planned = _counts(goals)
    result = []
    for g in goals:
        if g.aktivitetstype is None:
            done, coming = g.rapportert or 0, 0
        else:
            key = (g.lokallag_id, g.aktivitetstype)
            start, end = g.valg.kampanjestart, g.frist
            done = _within(held.get(key, ()), start, end)
            coming = _within(planned.get(key, ()), start, end)
        result.append(Maalstatus(g, done, coming, today))
    return result


def lagstatus_for(valg, chapters, goals, today: datetime.date) -> list[Lagstatus]:
    """One row per chapter (in ``chapters``' order), with its goals of ``valg`` among ``goals``."""
    rows = {c.pk: Lagstatus(c) for c in chapters}
    for status in maalstatus_for(goals.filter(valg=valg, lokallag_id__in=list(rows)), today):
        rows[status.maal.lokallag_id].maal.append(status)
    for row in rows.values():
        row.maal.sort(key=lambda m: (m.frist, m.maal.art))
    return list(rows.values())
