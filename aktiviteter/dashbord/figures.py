"""The dashboard's figures of one data version, kept per target so that the figures of the
next version are the previous ones with only what the change touched measured again.

A target measured in parts (``sources.parts``) keeps one part per chapter: a change of chapter
12's activities computes chapter 12's part again and puts the county's figures together from
every part. A target whose measurement reads nothing the change touched keeps its result; a
new or edited target, or a change nobody can attribute, is measured in full. The result is the
same as measuring everything again (tests/aktiviteter/test_dashbord_incremental.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from aktiviteter.dashbord.models import Maal
from aktiviteter.dashbord.results import Resultat, evaluate
from aktiviteter.dashbord.scope import Scope, build_scope
from aktiviteter.dashbord.sources import SOURCES, touched
from aktiviteter.dashbord.sources.parts import PartialSource


@dataclass
class TargetFigures:
    fingerprint: tuple
    parts: dict | None
    resultat: Resultat
    # Where it is kept in the cache (``snapshot``), once it is; kept figures are not changed.
    blob: str | None = None


@dataclass
class Figures:
    aar: int
    today: datetime.date
    scope: Scope
    targets: dict[int, TargetFigures]
    order: list[int]
    scope_blob: str | None = None
    # Chapters whose parts were computed again to get here from the figures before (None:
    # everything was measured), for the benchmark and the logs.
    recomputed: list[tuple[int, object]] = field(default_factory=list)

    @property
    def results(self) -> list[Resultat]:
        return [self.targets[pk].resultat for pk in self.order]


def targets_of(aar: int) -> list[Maal]:
    return list(Maal.objects.for_aar(aar).aktive().order_by("rekkefolge", "pk"))


def fingerprint(maal: Maal) -> tuple:
    """Everything a target's measurement depends on of the target itself."""
    return tuple(getattr(maal, f.attname) for f in maal._meta.concrete_fields)


def compute_figures(
    aar: int,
    today: datetime.date,
    base: Figures | None = None,
    marks: frozenset | None = None,
    shared: dict | None = None,
) -> Figures:
    """Every target of the year measured; with ``base`` (the figures of the version before)
    and ``marks`` (what the changes since touched), only what they touched. ``shared`` keeps
    the parts computed for one language for the next (they hold no text), and the numbers
    put together from them when the source makes its text apart (``PartialSource.notes``)."""
    if marks is None:
        base = None
    shared = {} if shared is None else shared
    scope = base.scope if base is not None else build_scope(aar, today)
    figures = Figures(
        aar=aar,
        today=today,
        scope=scope,
        targets={},
        order=[],
        scope_blob=base.scope_blob if base is not None else None,
    )
    for maal in targets_of(aar):
        print_ = fingerprint(maal)
        old = base.targets.get(maal.pk) if base is not None else None
        what = None
        if old is not None and old.fingerprint == print_:
            what = touched(maal, marks)
            if what is False:
                figures.targets[maal.pk] = old
                figures.order.append(maal.pk)
                continue
        source = SOURCES[maal.maaling]
        parts = None
        if isinstance(source, PartialSource):
            if what is None or old is None or old.parts is None:
                what = None
                key = (maal.pk, print_, None)
                if key not in shared:
                    shared[key] = source.collect(maal, scope, None)
            else:
                key = (maal.pk, print_, what)
                if key not in shared:
                    shared[key] = source.update(maal, scope, old.parts, what)
            parts = shared[key]
            if source.notes is None:
                measurement = source.combine(maal, scope, parts)
            else:
                # The numbers hold no text: put together once for every language.
                numbers_key = ("numbers", *key)
                if numbers_key not in shared:
                    shared[numbers_key] = source.combine(maal, scope, parts)
                measurement = source.worded(maal, scope, parts, shared[numbers_key])
        else:
            what = None
            measurement = source(maal, scope)
        figures.recomputed.append((maal.pk, what))
        figures.targets[maal.pk] = TargetFigures(print_, parts, evaluate(maal, measurement, scope))
        figures.order.append(maal.pk)
    return figures
