"""The dashboards: the county's (every target, a per-chapter table and a per-district summary)
and a chapter's (its contribution to each target). A fixed number of queries per target,
whatever the number of chapters, members or activities."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from aktiviteter.dashbord import snapshot
from aktiviteter.dashbord.base import Cell
from aktiviteter.dashbord.figures import compute_figures
from aktiviteter.dashbord.format import number
from aktiviteter.dashbord.models import Maal, Maalart, Maaling
from aktiviteter.dashbord.results import (
    Resultat,
    cell_sort_key,
    cell_text,
    chart_for,
    drill_down,
    evaluate,
    unit_of,
)
from aktiviteter.dashbord.scope import Scope, build_scope
from aktiviteter.dashbord.sources import measure
from aktiviteter.dashbord.status import Tilstand
from buskerud_sp.core.parsing import row_id
from lokallag.models import Lokallag


@dataclass
class CellView:
    text: str
    sort: Decimal | None
    covered: bool | None = None
    note: str = ""


@dataclass
class ChapterRow:
    chapter: Lokallag
    cells: list[CellView]


@dataclass
class DistrictRow:
    navn: str
    chapters: int
    cells: list[str]


@dataclass
class Contribution:
    """What one chapter contributes to a target, beside the county's result."""

    resultat: Resultat
    cell: CellView
    chart: object | None
    links: list[tuple[str, str]]


@dataclass
class Dashboard:
    aar: int
    today: datetime.date
    results: list[Resultat]
    rows: list[ChapterRow] = field(default_factory=list)
    districts: list[DistrictRow] = field(default_factory=list)
    chapter: Lokallag | None = None
    contributions: list[Contribution] = field(default_factory=list)
    # The version of the figures before the last change, shown while the worker updates them
    # ("" when the figures are the current version's).
    oppdateres: str = ""

    @property
    def columns(self) -> list[tuple[str, Resultat]]:
        """The per-chapter table's target columns with their sort keys."""
        return [(f"m{index}", r) for index, r in enumerate(self.results)]

    @property
    def tally(self) -> list[tuple[Tilstand, int]]:
        counts = Counter(r.tilstand for r in self.results)
        return [(t, counts[t]) for t in Tilstand if counts[t]]


def compute_results(aar: int, today: datetime.date) -> tuple[Scope, list[Resultat]]:
    """Every target measured over the whole county (the chapters' figures come with it)."""
    figures = compute_figures(aar, today)
    return figures.scope, figures.results


def new_members_so_far(today: datetime.date) -> int:
    """New members of the year up to ``today``, counted exactly as the dashboard's «Nye
    medlemmer» target counts them (one who joined and left again was still recruited). The
    weekly digest and the annual report read this, so they say what the dashboard says."""
    maal = Maal(
        aar=today.year, maaling=Maaling.NYE_MEDLEMMER, art=Maalart.ANTALL, maalverdi=Decimal(0)
    )
    return int(measure(maal, build_scope(today.year, today)).value or 0)


def _results(
    aar: int, today: datetime.date, version: str | None = None
) -> tuple[Scope, list[Resultat], str]:
    return snapshot.current(aar, today, version)


def _cell_view(maal: Maal, cell: Cell) -> CellView:
    return CellView(
        text=cell_text(maal, cell), sort=cell_sort_key(cell), covered=cell.covered, note=cell.note
    )


def county_dashboard(
    aar: int,
    today: datetime.date,
    *,
    sort: str = "",
    descending: bool = False,
    version: str | None = None,
) -> Dashboard:
    """The county's result per target, and the tables per chapter and per district. The
    tables are built when first used: the page keeps them rendered per data version."""
    scope, results, oppdateres = _results(aar, today, version)

    def rows() -> list[ChapterRow]:
        built = [
            ChapterRow(
                chapter=chapter,
                cells=[
                    _cell_view(r.maal, r.measurement.chapters.get(chapter.pk, Cell()))
                    for r in results
                ],
            )
            for chapter in scope.chapters
        ]
        return sort_rows(built, sort, descending)

    return Dashboard(
        aar=aar,
        today=today,
        results=results,
        rows=SimpleLazyObject(rows),
        districts=SimpleLazyObject(lambda: _districts(scope, results)),
        oppdateres=oppdateres,
    )


def sort_rows(rows: list[ChapterRow], sort: str, descending: bool) -> list[ChapterRow]:
    """Sort by a column: ``lag``, ``distrikt`` or a target's position (``m0``, ``m1`` …).
    Empty cells go last whichever the direction."""
    if sort == "distrikt":
        return sorted(
            rows,
            key=lambda r: (r.chapter.distrikt.navn if r.chapter.distrikt else "", r.chapter.navn),
            reverse=descending,
        )
    if sort.startswith("m") and row_id(sort[1:]) is not None:
        index = row_id(sort[1:])
        if rows and index < len(rows[0].cells):
            filled = [r for r in rows if r.cells[index].sort is not None]
            empty = [r for r in rows if r.cells[index].sort is None]
            filled.sort(key=lambda r: (r.cells[index].sort, r.chapter.navn), reverse=descending)
            return filled + sorted(empty, key=lambda r: r.chapter.navn)
    if sort == "lag":
        return sorted(rows, key=lambda r: r.chapter.navn, reverse=descending)
    return rows


def _districts(scope: Scope, results: list[Resultat]) -> list[DistrictRow]:
    groups: dict[str, list[Lokallag]] = {}
    for chapter in scope.chapters:
        name = chapter.distrikt.navn if chapter.distrikt else _("Uten distrikt")
        groups.setdefault(name, []).append(chapter)
    rows = []
    for name, chapters in groups.items():
        cells = []
        for r in results:
            own = [r.measurement.chapters.get(c.pk, Cell()) for c in chapters]
            cells.append(_district_cell(r, own, [c.pk in scope.universe for c in chapters]))
        rows.append(DistrictRow(navn=name, chapters=len(chapters), cells=cells))
    return rows


def _district_cell(r: Resultat, cells: list[Cell], in_universe: list[bool]) -> str:
    m = r.measurement
    if not m.measurable:
        return "–"
    if m.aggregation == "coverage" or r.maal.art == Maalart.DEKNING:
        counted = [c for c, inside in zip(cells, in_universe, strict=True) if inside]
        if not counted:
            return "–"
        return _("%(antall)s av %(alle)s") % {
            "antall": sum(1 for c in counted if c.covered),
            "alle": len(counted),
        }
    if m.aggregation == "ratio":
        num = sum(c.num for c in cells)
        den = sum(c.den for c in cells)
        return f"{number(Decimal(num) * 100 / den)}{unit_of(r.maal)}" if den else "–"
    values = [c.value for c in cells if c.value is not None]
    return number(sum(values, Decimal(0))) if values else "–"


def chapter_dashboard(
    chapter: Lokallag, aar: int, today: datetime.date, *, version: str | None = None
) -> Dashboard:
    """One chapter's contribution to every target (and the county's result for context). The
    contributions (charts, links) are built when first used: the page keeps them rendered per
    data version and chapter. ``version``: the data version, when the caller has read it."""
    scope, results, oppdateres = _results(aar, today, version)
    return Dashboard(
        aar=aar,
        today=today,
        results=results,
        chapter=chapter,
        contributions=SimpleLazyObject(lambda: _contributions(scope, results, chapter)),
        oppdateres=oppdateres,
    )


def _contributions(scope: Scope, results: list[Resultat], chapter: Lokallag) -> list:
    contributions = []
    for r in results:
        m = r.measurement
        cell = m.chapters.get(chapter.pk, Cell())
        series = m.chapter_series.get(chapter.pk)
        chart = (
            chart_for(r.maal, m, series=series, suffix=f"-lag{chapter.pk}", county=False)
            if series and m.series_kind == "line"
            else None
        )
        contributions.append(
            Contribution(
                resultat=r,
                cell=_cell_view(r.maal, cell),
                chart=chart,
                links=drill_down(r.maal, scope, chapter),
            )
        )
    return contributions


@dataclass
class TargetDetail:
    resultat: Resultat
    chart: object
    rows: list[tuple[Lokallag, CellView]]
    aar: int


def target_detail(maal: Maal, today: datetime.date, *, descending: bool = True) -> TargetDetail:
    """One target with a bigger chart and every chapter's value, highest first by default."""
    scope = build_scope(maal.aar, today)
    r = evaluate(maal, measure(maal, scope), scope)
    rows = [(c, _cell_view(maal, r.measurement.chapters.get(c.pk, Cell()))) for c in scope.chapters]
    filled = [row for row in rows if row[1].sort is not None]
    empty = [row for row in rows if row[1].sort is None]
    filled.sort(key=lambda row: row[0].navn)
    filled.sort(key=lambda row: row[1].sort, reverse=descending)
    return TargetDetail(
        resultat=r,
        chart=chart_for(maal, r.measurement, size=(640, 200), suffix="-stor"),
        rows=filled + empty,
        aar=maal.aar,
    )
