"""The dashboard's target for the cycle (``Maaling.ARSMOTE``): the share of the chapters whose
annual meeting was held, report delivered and new board registered by the deadline
(``Framdrift.i_tide``), in the cycle whose deadline falls in the dashboard's plan year.

Registered into the dashboard's sources from ``AktiviteterConfig.ready`` (the dashboard is a
lower slice and cannot import this one). Two queries whatever the number of chapters: the
year's rules, and every meeting of the cycle with its report's delivery."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from aktiviteter.arsmote.models import Arsmote, Arsmoteoppsett
from aktiviteter.arsmote.selectors import framdrift_for
from aktiviteter.dashbord.base import Cell, Measurement, Point, percent
from aktiviteter.dashbord.models import Maal
from aktiviteter.dashbord.scope import Scope
from lokallag.models import Niva


def _note(status: str) -> str:
    return {
        "i_tide": _("i tide"),
        "ferdig_sent": _("ferdig etter fristen"),
        "etter": _("ligger etter"),
        "i_gang": _("i gang"),
    }[status]


def arsmote_i_tide(maal: Maal, scope: Scope) -> Measurement:
    """Chapters of the universe with every step done by the deadline; a chapter without a
    meeting row counts as not done. Per chapter: done in time or not, with its state."""
    oppsett = Arsmoteoppsett.objects.filter(frist__year=scope.aar).order_by("-frist").first()
    if oppsett is None:
        return Measurement(
            value=None,
            aggregation="coverage",
            measurable=False,
            notes=[_("Ingen frist for lokallagenes årsmøter i %(aar)s.") % {"aar": scope.aar}],
        )
    rows = framdrift_for(
        Arsmote.objects.filter(aar=oppsett.aar, lokallag__niva=Niva.LOKAL), oppsett, scope.today
    )
    by_chapter = {r.arsmote.lokallag_id: r for r in rows}
    cells: dict[int, Cell] = {}
    buckets = {"i_tide": 0, "ferdig_sent": 0, "ikke_ferdig": 0}
    for chapter in scope.chapters:
        row = by_chapter.get(chapter.pk)
        in_universe = chapter.pk in scope.universe
        if row is None:
            cells[chapter.pk] = Cell(
                covered=False if in_universe else None, note=_("ingen årsmøte registrert")
            )
            if in_universe:
                buckets["ikke_ferdig"] += 1
            continue
        status = row.status
        cells[chapter.pk] = Cell(covered=row.i_tide if in_universe else None, note=_note(status))
        if in_universe:
            if status in buckets:
                buckets[status] += 1
            else:
                buckets["ikke_ferdig"] += 1
    covered = buckets["i_tide"]
    universe = len(scope.universe)
    m = Measurement(
        value=percent(covered, universe),
        chapters=cells,
        aggregation="coverage",
        covered=covered,
        universe=universe,
        measurable=bool(universe),
        series_kind="distribution",
        series=[
            Point(_("i tide"), Decimal(buckets["i_tide"])),
            Point(_("etter fristen"), Decimal(buckets["ferdig_sent"])),
            Point(_("ikke ferdig"), Decimal(buckets["ikke_ferdig"])),
        ],
    )
    m.notes.append(
        _("Årsmøtene %(aar)s, frist %(frist)s.")
        % {"aar": oppsett.aar, "frist": oppsett.frist.strftime("%d.%m.%Y")}
    )
    return m
