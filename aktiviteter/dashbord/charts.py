"""Small charts drawn by the portal as SVG (no JavaScript, no CDN), with a text alternative.

Python computes the geometry; ``aktiviteter/dashbord/_chart.html`` draws it. Charts read
without colour: the goal is a dashed line with a label, last year a dotted line, and a bar
under the goal is drawn hollow, a meeting without a count as a cross."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from aktiviteter.dashbord.base import MONTHS, Point
from aktiviteter.dashbord.format import number


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    below: bool
    missing: bool
    label: str
    value: str
    cross: str = ""


@dataclass
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    kind: str
    line: str = ""
    dots: list[tuple[float, float]] = field(default_factory=list)
    last_year_line: str = ""
    goal_y: float | None = None
    goal_label: str = ""
    bars: list[Bar] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)
    axis_labels: list[tuple[float, str]] = field(default_factory=list)
    baseline_y: float = 0

    @property
    def empty(self) -> bool:
        return not self.rows


PAD = 4


def _scale(values: list[Decimal], goal: Decimal | None) -> Decimal:
    top = max([v for v in values if v is not None] + ([goal] if goal is not None else []) + [1])
    return Decimal(top) * Decimal("1.1")


def line_chart(
    chart_id: str,
    title: str,
    series: list[Point],
    *,
    goal: Decimal | None = None,
    goal_label: str = "",
    last_year: list[Point] | None = None,
    unit: str = "",
    size: tuple[int, int] = (220, 56),
) -> Chart:
    """Monthly values on a January–December axis (a running year draws part of it)."""
    width, height = size
    last_year = last_year or []
    top = _scale([p.value for p in series + last_year], goal)
    step = (width - 2 * PAD) / 11

    def xy(index: int, value: Decimal | None) -> tuple[float, float]:
        v = value or Decimal(0)
        return (
            round(PAD + index * step, 1),
            round(height - PAD - float(v / top) * (height - 2 * PAD), 1),
        )

    points = [xy(i, p.value) for i, p in enumerate(series)]
    chart = Chart(
        id=chart_id,
        title=title,
        description="",
        width=width,
        height=height,
        kind="line",
        line=" ".join(f"{x},{y}" for x, y in points),
        dots=points[-1:],
        last_year_line=" ".join(
            f"{x},{y}" for x, y in (xy(i, p.value) for i, p in enumerate(last_year))
        ),
        baseline_y=height - PAD,
        rows=[
            (p.label, f"{number(p.value)}{unit}" if p.value is not None else "–") for p in series
        ],
    )
    if goal is not None:
        chart.goal_y = xy(0, goal)[1]
        chart.goal_label = goal_label
    chart.axis_labels = [(round(PAD + i * step, 1), MONTHS[i][0].upper()) for i in range(12)]
    described = [f"{label} {value}" for label, value in chart.rows]
    chart.description = _("Per måned: %(verdier)s.") % {"verdier": ", ".join(described) or "–"}
    if goal is not None:
        chart.description += " " + _("Mål: %(mal)s.") % {"mal": f"{number(goal)}{unit}"}
    if last_year:
        chart.description += " " + _("I fjor: %(verdi)s.") % {
            "verdi": f"{number(last_year[-1].value)}{unit}"
        }
    return chart


def bar_chart(
    chart_id: str,
    title: str,
    series: list[Point],
    *,
    goal: Decimal | None = None,
    goal_label: str = "",
    unit: str = "",
    size: tuple[int, int] = (220, 56),
    mark_below: bool = True,
) -> Chart:
    """One bar per meeting, period or group; a missing value is drawn as a cross."""
    width, height = size
    top = _scale([p.value for p in series], goal)
    count = max(len(series), 1)
    slot = (width - 2 * PAD) / count
    bar_width = max(min(slot * 0.75, 40), 1)
    bars = []
    for index, point in enumerate(series):
        value = point.value or Decimal(0)
        bar_height = float(value / top) * (height - 2 * PAD)
        x = round(PAD + index * slot + (slot - bar_width) / 2, 1)
        base = height - PAD
        size_x = round(min(bar_width, 8), 1)
        bars.append(
            Bar(
                x=x,
                y=round(base - bar_height, 1),
                width=round(bar_width, 1),
                height=round(bar_height, 1),
                below=mark_below and goal is not None and point.value is not None and value < goal,
                missing=point.value is None,
                label=point.label,
                value=f"{number(point.value)}{unit}" if point.value is not None else _("mangler"),
                cross=f"M{x} {base - size_x}L{x + size_x} {base}M{x} {base}L{x + size_x} {base - size_x}",
            )
        )
    chart = Chart(
        id=chart_id,
        title=title,
        description="",
        width=width,
        height=height,
        kind="bars",
        bars=bars,
        baseline_y=height - PAD,
        rows=[(b.label, b.value) for b in bars],
    )
    if goal is not None:
        chart.goal_y = round(height - PAD - float(goal / top) * (height - 2 * PAD), 1)
        chart.goal_label = goal_label
    described = [f"{label}: {value}" for label, value in chart.rows]
    chart.description = "; ".join(described) + "." if described else _("Ingen data ennå.")
    if goal is not None:
        chart.description += " " + _("Mål: %(mal)s.") % {"mal": f"{number(goal)}{unit}"}
    return chart
