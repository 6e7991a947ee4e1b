"""The frame a dashboard is computed in: the year, the day, and the chapters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from aktiviteter.dashbord.models import Maal
from lokallag.models import Lokallag, Organisasjon


@dataclass(frozen=True)
class Scope:
    aar: int
    today: datetime.date
    # The rows of the per-chapter table: every active chapter (Senterungdommen's too).
    chapters: tuple[Lokallag, ...]
    # The chapters a coverage target counts: the active chapters of Senterpartiet itself.
    universe: frozenset[int]

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.aar, 1, 1)

    def end(self, maal: Maal) -> datetime.date:
        """The last day counted for a target: today, or its deadline once that has passed."""
        return min(self.today, maal.sluttdato)

    def fraction(self, maal: Maal) -> float:
        """How much of the target's time has passed, from 1 January to its deadline (0 to 1)."""
        deadline = maal.sluttdato
        if self.today >= deadline:
            return 1.0
        if self.today < self.start:
            return 0.0
        return ((self.today - self.start).days + 1) / ((deadline - self.start).days + 1)


def build_scope(aar: int, today: datetime.date) -> Scope:
    chapters = tuple(
        Lokallag.objects.lokallag()
        .aktive()
        .select_related("distrikt")
        .order_by("distrikt__rekkefolge", "distrikt__navn", "organisasjon", "navn")
    )
    universe = frozenset(c.pk for c in chapters if c.organisasjon == Organisasjon.SENTERPARTIET)
    return Scope(aar=aar, today=today, chapters=chapters, universe=universe)
