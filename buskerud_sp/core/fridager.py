"""Days off in Norway: the public holidays (from the ``holidays`` package, which keeps the
moving feasts and any change in the law) plus Christmas Eve and New Year's Eve."""

from __future__ import annotations

import datetime
import functools

import holidays

# Not public holidays by law, but the office and nearly every volunteer are off: a call or
# a reminder on these days is as unwelcome as on Christmas Day.
EKSTRA_FRIDAGER = {(12, 24): "Julaften", (12, 31): "Nyttårsaften"}


@functools.cache
def _fridager(aar: int) -> dict[datetime.date, str]:
    days = dict(holidays.country_holidays("NO", years=aar, language="no"))
    days.update({datetime.date(aar, m, d): name for (m, d), name in EKSTRA_FRIDAGER.items()})
    return days


def fridag(dato: datetime.date) -> str:
    """The day off's name, or "" on an ordinary day (weekends are ordinary days here)."""
    return _fridager(dato.year).get(dato, "")


def neste_virkedag(dato: datetime.date) -> datetime.date:
    """``dato`` itself, or the first day after it that is not a day off."""
    while fridag(dato):
        dato += datetime.timedelta(days=1)
    return dato
