"""PDF exports: the dashboard (for the county annual meeting) and a draft annual report
(«årsmelding») generated from the year's data. WeasyPrint draws the charts' inline SVG."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Kategori, Status
from aktiviteter.aktivitet.models.typer import KATEGORI_FOR_TYPE
from aktiviteter.dashbord.base import Cell, active_on
from aktiviteter.dashbord.format import number
from aktiviteter.dashbord.models import Maal, Maalart, Maaling
from aktiviteter.dashbord.results import Resultat
from aktiviteter.dashbord.scope import build_scope
from aktiviteter.dashbord.selectors import (
    CellView,
    ChapterRow,
    Dashboard,
    DistrictRow,
    county_dashboard,
    new_members_so_far,
)
from aktiviteter.dashbord.sources import measure
from aktiviteter.studier.models import Studietiltak
from lokallag.models import Lokallag
from medlemmer.models import Medlem


def _render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


# Target columns a landscape A4 page holds readably beside the row names (7 pt type).
PDF_TARGET_COLUMNS = 8


@dataclass
class TablePart:
    """One slice of the per-chapter and per-district tables as the PDF prints them: the row
    names and the targets numbered ``first`` to ``last`` (from 1)."""

    first: int
    last: int
    results: list[Resultat]
    rows: list[tuple[ChapterRow, list[CellView]]]
    districts: list[tuple[DistrictRow, list[str]]]


def table_parts(dashboard: Dashboard, size: int = PDF_TARGET_COLUMNS) -> list[TablePart]:
    """The dashboard's wide tables cut into parts of at most ``size`` target columns, of even
    width, so that every column fits on the page (15 targets give 8 + 7)."""
    total = len(dashboard.results)
    if not total:
        return []
    count = -(-total // size)
    width = -(-total // count)
    parts = []
    for start in range(0, total, width):
        end = min(start + width, total)
        parts.append(
            TablePart(
                first=start + 1,
                last=end,
                results=dashboard.results[start:end],
                rows=[(row, row.cells[start:end]) for row in dashboard.rows],
                districts=[(d, d.cells[start:end]) for d in dashboard.districts],
            )
        )
    return parts


def dashboard_pdf(dashboard: Dashboard) -> bytes:
    return _render_pdf(
        "aktiviteter/dashbord/dashbord_pdf.html",
        {
            "dashboard": dashboard,
            "parts": [] if dashboard.chapter else table_parts(dashboard),
            "generated": timezone.localtime(),
        },
    )


@dataclass
class ChapterYear:
    chapter: Lokallag | None  # None for the county's totals row
    members: int = 0
    new: int = 0
    left: int = 0
    activities: dict[str, int] = field(default_factory=dict)
    held: int = 0
    study_hours: str = "0"
    per_category: list[int] = field(default_factory=list)


@dataclass
class CourseLine:
    tittel: str
    arrangor: str
    studieplan: str
    timer: str
    godkjent: bool


@dataclass
class Aarsmelding:
    aar: int
    end: datetime.date
    generated: datetime.datetime
    dashboard: Dashboard
    chapters: list[ChapterYear]
    totals: ChapterYear
    courses: list[CourseLine]
    categories: list[tuple[str, str]]
    complete: bool


def aarsmelding(aar: int, today: datetime.date) -> Aarsmelding:
    """The year in figures: per chapter members, recruitment, activities held per category and
    qualifying study hours; the courses; the plan's targets met or not. Fixed query count."""
    end = min(today, datetime.date(aar, 12, 31))
    scope = build_scope(aar, today)
    rows = {c.pk: ChapterYear(chapter=c) for c in scope.chapters}
    totals = ChapterYear(chapter=None)

    members = (
        Medlem.objects.order_by()
        .values("lokallag_id")
        .annotate(
            members=Count("pk", filter=active_on("", end)),
            new=Count("pk", filter=Q(innmeldt__year=aar, innmeldt__lte=end)),
            left=Count("pk", filter=Q(utmeldt__year=aar, utmeldt__lte=end)),
        )
    )
    for row in members:
        for target in (rows.get(row["lokallag_id"]), totals):
            if target is not None:
                target.members += row["members"]
                target.new += row["new"]
                target.left += row["left"]

    held = (
        Aktivitet.objects.filter(dato__year=aar, dato__lte=end)
        .exclude(status=Status.AVLYST)
        .order_by()
        .values("enhet_id", "type")
        .annotate(n=Count("pk"))
    )
    for row in held:
        kategori = KATEGORI_FOR_TYPE.get(row["type"], Kategori.MOTE)
        for target in (rows.get(row["enhet_id"]), totals):
            if target is not None:
                target.activities[kategori] = target.activities.get(kategori, 0) + row["n"]
                target.held += row["n"]

    hours = measure(
        Maal(aar=aar, maaling=Maaling.STUDIETIMER, art=Maalart.ANTALL, maalverdi=Decimal(0)),
        scope,
    )
    for cid, row in rows.items():
        row.study_hours = number(hours.chapters.get(cid, Cell()).value or 0)
    totals.study_hours = number(hours.value)
    totals.new = new_members_so_far(end)  # the dashboard's own count, not a second one
    for row in [*rows.values(), totals]:
        row.per_category = [row.activities.get(k.value, 0) for k in Kategori]

    return Aarsmelding(
        aar=aar,
        end=end,
        generated=timezone.localtime(),
        dashboard=county_dashboard(aar, today),
        chapters=list(rows.values()),
        totals=totals,
        courses=_courses(aar, end),
        categories=[(k.value, str(k.label)) for k in Kategori],
        complete=today > datetime.date(aar, 12, 31),
    )


def _courses(aar: int, end: datetime.date) -> list[CourseLine]:
    """Courses with a held session in the year, and whether they qualify for SpS funding."""
    courses = (
        Studietiltak.objects.filter(
            samlinger__status=Status.AVHOLDT, samlinger__dato__year=aar, samlinger__dato__lte=end
        )
        .distinct()
        .med_vurderingsgrunnlag()
        .order_by("arrangor__navn", "tittel")
    )
    lines = []
    for course in courses:
        verdict = course.vurdering()
        lines.append(
            CourseLine(
                tittel=course.tittel,
                arrangor=course.arrangor.navn,
                studieplan=course.studieplan_tekst,
                timer=number(verdict.kurstimer, 2),
                godkjent=verdict.godkjent,
            )
        )
    return lines


def aarsmelding_pdf(aar: int, today: datetime.date) -> bytes:
    report = aarsmelding(aar, today)
    return _render_pdf("aktiviteter/dashbord/aarsmelding_pdf.html", {"r": report})
