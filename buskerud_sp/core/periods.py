"""The periods the plan counts in, computed in one place: the plan year, quarters and
half-years (calendar ones: January–March …, January–June and July–December)."""

from __future__ import annotations

import datetime
from typing import Any

# The years a plan may be asked for (a URL parameter outside them means this year).
PLAN_YEAR_MIN = 2000
PLAN_YEAR_MAX = 2100

# The months (first, last) of each period of a year, in order.
QUARTER_MONTHS: tuple[tuple[int, int], ...] = ((1, 3), (4, 6), (7, 9), (10, 12))
HALF_YEAR_MONTHS: tuple[tuple[int, int], ...] = ((1, 6), (7, 12))


def plan_year(raw: Any, today: datetime.date) -> int:
    """The plan year asked for (``?aar=``), or this year for anything else."""
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return today.year
    return year if PLAN_YEAR_MIN <= year <= PLAN_YEAR_MAX else today.year


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def quarter_number(day: datetime.date) -> int:
    """1–4."""
    return (day.month - 1) // 3 + 1


def quarter(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the quarter ``day`` falls in."""
    first, last = QUARTER_MONTHS[quarter_number(day) - 1]
    return datetime.date(day.year, first, 1), _month_end(day.year, last)


def half_year_number(day: datetime.date) -> int:
    """1 (January–June) or 2 (July–December)."""
    return 1 if day.month <= 6 else 2


def half_year(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the half-year ``day`` falls in."""
    first, last = HALF_YEAR_MONTHS[half_year_number(day) - 1]
    return datetime.date(day.year, first, 1), _month_end(day.year, last)


def half_year_start(day: datetime.date) -> datetime.date:
    return half_year(day)[0]
