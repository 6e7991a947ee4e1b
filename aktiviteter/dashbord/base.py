"""What every measurement returns, and the calendar arithmetic the measurements share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q


@dataclass
class Cell:
    """One chapter's contribution to a target. ``value`` is a count, hours or a percent;
    ``covered`` is set for coverage targets (does the chapter count as covered?); ``num`` and
    ``den`` carry a share's parts so that districts can be summed correctly."""

    value: Decimal | None = None
    covered: bool | None = None
    num: int = 0
    den: int = 0
    note: str = ""

    def __reduce__(self):
        # Hundreds of cells per target are kept in the cache: as a tuple, not a dict.
        return (Cell, (self.value, self.covered, self.num, self.den, self.note))


@dataclass
class Point:
    label: str
    value: Decimal | None

    def __reduce__(self):
        # Thousands of points per target are kept in the cache: as a pair, not a dict.
        return (Point, (self.label, self.value))


@dataclass
class Measurement:
    """A target's measurement for the county and for each chapter.

    ``aggregation`` says how chapters add up to a district: ``sum`` (counts and hours),
    ``ratio`` (a share: the parts are summed), ``coverage`` (covered chapters of all)."""

    value: Decimal | None
    chapters: dict[int, Cell] = field(default_factory=dict)
    aggregation: str = "sum"
    # Last year's value to the same deadline (cumulative) or at the end of last year (a state).
    last_year: Decimal | None = None
    # The trend: months (cumulative totals or states at month end), weeks or periods.
    series: list[Point] = field(default_factory=list)
    last_year_series: list[Point] = field(default_factory=list)
    chapter_series: dict[int, list[Point]] = field(default_factory=dict)
    series_kind: str = "line"  # line | bars | periods | distribution
    # For coverage: chapters covered and in the count.
    covered: int | None = None
    universe: int | None = None
    # For thresholds per occurrence.
    occurrences: int = 0
    reached: int = 0  # occurrences at or above the goal
    rolling: Decimal | None = None
    share_meeting: Decimal | None = None
    # For counts per period: (label, count, finished) for each half-year or quarter.
    periods: list[tuple[str, int, bool]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    measurable: bool = True


MONTHS = ("jan", "feb", "mar", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "des")


def month_end(aar: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(aar, 12, 31)
    return datetime.date(aar, month + 1, 1) - datetime.timedelta(days=1)


def month_ends(aar: int, until: datetime.date) -> list[datetime.date]:
    """The last day of each month of the year up to ``until`` (the current month ends there)."""
    ends = []
    for month in range(1, 13):
        end = month_end(aar, month)
        if datetime.date(aar, month, 1) > until:
            break
        ends.append(min(end, until))
    return ends


def same_day_last_year(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def dec(value: int | float | Decimal | None, places: str = "0.1") -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def percent(part: int, whole: int) -> Decimal | None:
    return dec(Decimal(part) * 100 / whole) if whole else None


def cumulative(monthly: dict[int, int | Decimal], months: int) -> list[Point]:
    """Running totals for months 1..``months`` from counts per month."""
    total = Decimal(0)
    points = []
    for month in range(1, months + 1):
        total += Decimal(monthly.get(month, 0))
        points.append(Point(MONTHS[month - 1], total))
    return points


def active_on(prefix: str, day: datetime.date) -> Q:
    """Members (through ``prefix``) who were members on the day, as in ``MedlemQuerySet.aktive``."""
    return Q(**{f"{prefix}innmeldt__lte": day}) & (
        Q(**{f"{prefix}utmeldt__isnull": True}) | Q(**{f"{prefix}utmeldt__gt": day})
    )


def counts_on_days(days: dict[str, datetime.date], extra: Q | None = None) -> dict:
    """Aggregate expressions counting the rows active on each named day (one query for all)."""
    extra = extra if extra is not None else Q()
    return {name: Count("pk", filter=active_on("", day) & extra) for name, day in days.items()}
