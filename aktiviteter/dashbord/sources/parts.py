"""Measurements kept in parts: one part per chapter (or unit), so that a change recomputes
the parts of the chapters it touched and the county's figures are put together again from
every chapter's part (``snapshot``).

A part holds what the chapter's rows give (counts per month, states per day, a share's
parts), never a finished county figure: the county figures that are not sums of the chapters'
(an activity hosted by two chapters counts once; a share; chapters covered) are computed from
the parts by ``combine``, exactly as the measurement computes them over the whole party.
The measurement is then ``combine(collect(only=None))``; tests compare an updated measurement
with one computed in full after each kind of change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from django.db.models import Q

from aktiviteter.dashbord.base import Measurement
from aktiviteter.dashbord.models import Maal
from aktiviteter.dashbord.scope import Scope

# The chapters (units) whose parts are computed: None for all of them.
Only = frozenset | None
Parts = dict


@dataclass(frozen=True)
class PartialSource:
    """``collect(maal, scope, only)`` the parts of the units in ``only`` (every unit when
    None; a unit with nothing to count has no part), ``combine(maal, scope, parts)`` the
    measurement from every unit's part.

    With ``notes``, ``combine`` makes no text of any language (its labels are translated when
    shown) and ``notes(maal, scope, parts)`` the notes in the active language: the numbers are
    then put together once for every language the figures are kept in (``figures``), the
    notes in each."""

    collect: Callable[[Maal, Scope, Only], Parts]
    combine: Callable[[Maal, Scope, Parts], Measurement]
    notes: Callable[[Maal, Scope, Parts], list[str]] | None = None

    def __call__(self, maal: Maal, scope: Scope) -> Measurement:
        return self.measure(maal, scope, self.collect(maal, scope, None))

    def measure(self, maal: Maal, scope: Scope, parts: Parts) -> Measurement:
        """The measurement in the active language."""
        return self.worded(maal, scope, parts, self.combine(maal, scope, parts))

    def worded(self, maal: Maal, scope: Scope, parts: Parts, numbers: Measurement) -> Measurement:
        """``numbers`` (from ``combine``) with the notes in the active language: a copy that
        shares the numbers, which nobody changes once made."""
        if self.notes is None:
            return numbers
        return replace(numbers, notes=[*numbers.notes, *self.notes(maal, scope, parts)])

    def update(self, maal: Maal, scope: Scope, parts: Parts, only: frozenset) -> Parts:
        """``parts`` with the parts of the units in ``only`` computed again."""
        fresh = self.collect(maal, scope, only)
        kept = {unit: part for unit, part in parts.items() if unit not in only}
        kept.update(fresh)
        return kept


def no_notes(maal: Maal, scope: Scope, parts: Parts) -> list[str]:
    """The notes of a source whose numbers say it all (``PartialSource.notes``)."""
    return []


def among(field: str, only: Only) -> Q:
    """The rows of the units in ``only`` (all rows when None; None in ``only``: no unit)."""
    if only is None:
        return Q()
    ids = [unit for unit in only if unit is not None]
    condition = Q(**{f"{field}__in": ids})
    if None in only:
        condition |= Q(**{f"{field}__isnull": True})
    return condition


def wanted(unit, only: Only) -> bool:
    return only is None or unit in only


def add(monthly: dict, month: int, amount) -> None:
    monthly[month] = monthly.get(month, 0) + amount
