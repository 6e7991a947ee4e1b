"""Turn grouped rows into a ``Measurement``, the same way for every source.

Two shapes of data come from the sources: *counts* that add up through the year (per month,
for the county and per chapter, this year and last year), and *states* on given days (members
on each month's last day, chapters with an office on that day …)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

from aktiviteter.dashbord.base import (
    MONTHS,
    Cell,
    Measurement,
    Point,
    cumulative,
    month_end,
    month_ends,
    percent,
)
from aktiviteter.dashbord.models import Maal, Maalart, Periode
from aktiviteter.dashbord.scope import Scope
from buskerud_sp.core.periods import HALF_YEAR_MONTHS, QUARTER_MONTHS

Monthly = dict[int, Decimal]


@dataclass
class Counts:
    """Counts per month: ``county`` and per chapter for the plan year (up to the last day
    counted) and for last year (up to the same deadline)."""

    county: Monthly = field(default_factory=lambda: defaultdict(Decimal))
    chapters: dict[int, Monthly] = field(default_factory=lambda: defaultdict(_monthly))
    last_county: Monthly = field(default_factory=lambda: defaultdict(Decimal))
    last_chapters: dict[int, Monthly] = field(default_factory=lambda: defaultdict(_monthly))

    def add(self, this_year: bool, month: int, chapter_ids, amount: Decimal | int = 1) -> None:
        """Add to the county once and to each chapter the row belongs to."""
        amount = Decimal(amount)
        (self.county if this_year else self.last_county)[month] += amount
        target = self.chapters if this_year else self.last_chapters
        for chapter_id in chapter_ids:
            if chapter_id is not None:
                target[chapter_id][month] += amount


def _monthly() -> Monthly:
    return defaultdict(Decimal)


def months_counted(scope: Scope, end: datetime.date) -> int:
    if end.year > scope.aar:
        return 12
    if end.year < scope.aar:
        return 0
    return end.month


PERIOD_MONTHS = {Periode.HALVAAR: HALF_YEAR_MONTHS, Periode.KVARTAL: QUARTER_MONTHS}


def _translated(message: str, params: dict) -> str:
    return gettext(message) % params


# A label translated when it is shown (in the page's language), so that a measurement put
# together from counts holds no text of one language (``PartialSource.notes``).
_later = lazy(_translated, str)


def period_label(periode: str, index: int) -> str:
    if periode == Periode.HALVAAR:
        return _later(gettext_noop("%(n)s. halvår"), {"n": index + 1})
    return _later(gettext_noop("%(n)s. kvartal"), {"n": index + 1})


def from_counts(maal: Maal, scope: Scope, counts: Counts) -> Measurement:
    end = scope.end(maal)
    months = months_counted(scope, end)
    last_months = maal.sluttdato.month
    chapter_totals = {cid: sum(m.values(), Decimal(0)) for cid, m in counts.chapters.items()}
    cells = {c.pk: Cell(value=chapter_totals.get(c.pk, Decimal(0))) for c in scope.chapters}
    # Most chapters have nothing to count for a target: they share one series of zeros (read
    # only), which is built, and kept in the cache, once.
    nothing = cumulative({}, months)
    chapter_series = {
        c.pk: cumulative(counts.chapters[c.pk], months) if c.pk in counts.chapters else nothing
        for c in scope.chapters
    }

    if maal.art == Maalart.DEKNING:
        return _coverage_from_counts(maal, scope, counts, cells, months, last_months)

    m = Measurement(
        value=sum(counts.county.values(), Decimal(0)),
        chapters=cells,
        last_year=sum(counts.last_county.values(), Decimal(0)),
        series=cumulative(counts.county, months),
        last_year_series=cumulative(counts.last_county, last_months),
        chapter_series=chapter_series,
    )
    if maal.art == Maalart.ANTALL and maal.periode != Periode.AAR:
        m.series_kind = "periods"
        for index, (first, last) in enumerate(PERIOD_MONTHS[maal.periode]):
            count = int(sum((counts.county.get(mo, 0) for mo in range(first, last + 1)), 0))
            period_end = month_end(scope.aar, last)
            m.periods.append((period_label(maal.periode, index), count, period_end < scope.today))
        m.series = [Point(label, Decimal(count)) for label, count, _done in m.periods]
        m.value = Decimal(sum(1 for _l, count, _d in m.periods if count >= (maal.maalverdi or 0)))
    return m


def _coverage_from_counts(maal, scope, counts, cells, months, last_months) -> Measurement:
    """Share of the chapters with at least one, and how it grew month by month."""
    universe = scope.universe
    first_month = {
        cid: min((mo for mo, n in monthly.items() if n > 0), default=None)
        for cid, monthly in counts.chapters.items()
    }
    last_first = {
        cid: min((mo for mo, n in monthly.items() if n > 0), default=None)
        for cid, monthly in counts.last_chapters.items()
    }
    for cid, cell in cells.items():
        cell.covered = (first_month.get(cid) is not None) if cid in universe else None
    covered = sum(1 for cid in universe if first_month.get(cid) is not None)
    series = [
        Point(
            MONTHS[mo - 1],
            percent(
                sum(1 for cid in universe if (first_month.get(cid) or 13) <= mo), len(universe)
            ),
        )
        for mo in range(1, months + 1)
    ]
    last_covered = sum(1 for cid in universe if (last_first.get(cid) or 13) <= last_months)
    return Measurement(
        value=percent(covered, len(universe)),
        chapters=cells,
        aggregation="coverage",
        last_year=percent(last_covered, len(universe)),
        series=series,
        covered=covered,
        universe=len(universe),
        chapter_series={},
        measurable=bool(universe),
    )


@dataclass
class States:
    """Values on given days: ``days`` in order (last year's end first, then each month's last
    day up to the last day counted); per chapter a value (or a share's parts) for each day."""

    days: list[tuple[str, datetime.date]]
    values: dict[int, dict[str, Decimal]] = field(default_factory=lambda: defaultdict(dict))
    parts: dict[int, dict[str, tuple[int, int]]] = field(default_factory=lambda: defaultdict(dict))
    covered: dict[int, dict[str, bool]] = field(default_factory=lambda: defaultdict(dict))
    county_values: dict[str, Decimal] | None = None


LAST_YEAR_KEY = "fjor"


def state_days(scope: Scope, end: datetime.date) -> list[tuple[str, datetime.date]]:
    """Last year's last day, then the last day of each month up to ``end``."""
    days = [(LAST_YEAR_KEY, datetime.date(scope.aar - 1, 12, 31))]
    until = end if end.year == scope.aar else datetime.date(scope.aar, 12, 31)
    if end.year >= scope.aar:
        days += [(f"m{d.month}", d) for d in month_ends(scope.aar, until)]
    return days


def from_states(
    maal: Maal, scope: Scope, states: States, kind: str, applies: set[int] | None = None
) -> Measurement:
    """``kind`` is ``sum`` (a count on the day), ``ratio`` (a share) or ``coverage``;
    chapters outside ``applies`` (when given) get an empty cell."""
    keys = [key for key, _day in states.days]
    month_keys = [k for k in keys if k != LAST_YEAR_KEY]
    current = month_keys[-1] if month_keys else None

    def county(key: str) -> Decimal | None:
        if kind == "sum":
            if states.county_values is not None:
                return states.county_values.get(key)
            return sum((v.get(key, Decimal(0)) for v in states.values.values()), Decimal(0))
        if kind == "ratio":
            num = sum(p.get(key, (0, 0))[0] for p in states.parts.values())
            den = sum(p.get(key, (0, 0))[1] for p in states.parts.values())
            return percent(num, den)
        covered = sum(1 for cid in scope.universe if states.covered.get(cid, {}).get(key))
        return percent(covered, len(scope.universe))

    labels = {k: MONTHS[int(k[1:]) - 1] for k in month_keys}
    label = labels.__getitem__

    cells: dict[int, Cell] = {}
    for chapter in scope.chapters:
        cid = chapter.pk
        if current is None or (applies is not None and cid not in applies):
            cells[cid] = Cell()
        elif kind == "sum":
            cells[cid] = Cell(value=states.values.get(cid, {}).get(current, Decimal(0)))
        elif kind == "ratio":
            num, den = states.parts.get(cid, {}).get(current, (0, 0))
            cells[cid] = Cell(value=percent(num, den), num=num, den=den)
        else:
            in_universe = cid in scope.universe
            covered = bool(states.covered.get(cid, {}).get(current))
            cells[cid] = Cell(covered=covered if in_universe else None)

    m = Measurement(
        value=county(current) if current else None,
        chapters=cells,
        aggregation=kind,
        last_year=county(LAST_YEAR_KEY),
        series=[Point(label(k), county(k)) for k in month_keys],
    )
    if kind == "coverage":
        m.covered = sum(1 for cid in scope.universe if states.covered.get(cid, {}).get(current))
        m.universe = len(scope.universe)
        m.measurable = bool(scope.universe) and current is not None
    elif kind == "sum":
        m.chapter_series = {
            c.pk: [
                Point(label(k), states.values.get(c.pk, {}).get(k, Decimal(0))) for k in month_keys
            ]
            for c in scope.chapters
        }
    else:
        m.chapter_series = {
            c.pk: [
                Point(label(k), percent(*states.parts.get(c.pk, {}).get(k, (0, 0))))
                for k in month_keys
            ]
            for c in scope.chapters
        }
    return m
