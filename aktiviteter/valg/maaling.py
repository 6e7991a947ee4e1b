"""The dashboard's target for the campaign plan (``Maaling.VALGKAMP``): the share of the
chapters with a goal due so far that have reached every goal due so far, in the elections of
the dashboard's plan year; and the election-year panel on the county's and a chapter's
dashboard.

Registered from ``AktiviteterConfig.ready`` (the dashboard is a lower slice and cannot import
this one). A fixed number of queries whatever the number of chapters and goals."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aktiviteter.dashbord.base import Cell, Measurement, Point, percent
from aktiviteter.dashbord.models import Maal
from aktiviteter.dashbord.scope import Scope
from aktiviteter.valg.models import Valg, Valgkampmaal
from aktiviteter.valg.selectors.plan import Lagstatus, lagstatus_for, maalstatus_for


def valgkamp_i_tide(maal: Maal, scope: Scope) -> Measurement:
    """Per chapter: every goal whose deadline has passed reached, or not; a chapter without
    goals, or with none due yet, is outside the count."""
    elections = list(Valg.objects.for_aar(scope.aar))
    if not elections:
        return Measurement(
            value=None,
            aggregation="coverage",
            measurable=False,
            notes=[_("Ikke noe valg i %(aar)s.") % {"aar": scope.aar}],
        )
    goals = Valgkampmaal.objects.filter(valg__in=elections)
    by_chapter: dict[int, list] = {}
    for status in maalstatus_for(goals, scope.today):
        by_chapter.setdefault(status.maal.lokallag_id, []).append(status)
    cells: dict[int, Cell] = {}
    counted = covered = behind = 0
    for chapter in scope.chapters:
        row = Lagstatus(chapter, by_chapter.get(chapter.pk, []))
        in_universe = chapter.pk in scope.universe
        if not row.maal:
            cells[chapter.pk] = Cell(note=_("ingen valgkampmål"))
            continue
        reached = row.i_tide
        due = row.forfalte
        note = ngettext(
            "%(naadd)s av %(n)s mål med passert frist nådd",
            "%(naadd)s av %(n)s mål med passert frist nådd",
            len(due),
        ) % {"naadd": sum(1 for m in due if m.naadd), "n": len(due)}
        if reached is None:
            note = _("ingen frister passert ennå")
        cells[chapter.pk] = Cell(covered=reached if in_universe else None, note=note)
        if in_universe and reached is not None:
            counted += 1
            covered += int(reached)
            behind += int(row.ligger_etter)
    m = Measurement(
        value=percent(covered, counted),
        chapters=cells,
        aggregation="coverage",
        covered=covered,
        universe=counted,
        measurable=bool(counted),
        series_kind="distribution",
        series=[
            Point(_("nådd i tide"), Decimal(covered)),
            Point(_("ikke nådd"), Decimal(counted - covered)),
        ],
    )
    m.notes.append(
        ", ".join(f"{v} ({v.dato.strftime('%d.%m.%Y')})" for v in elections)
        + (" – " + _("ingen frister passert ennå.") if not counted else "")
    )
    return m


def _in_campaign(today: datetime.date):
    """The elections whose campaign the dashboard shows today: from January of the election
    year (or the campaign start, if earlier) to the end of that year."""
    return [
        v
        for v in Valg.objects.filter(dato__year__in=(today.year, today.year + 1)).order_by("dato")
        if (v.dato.year == today.year or v.kampanjestart <= today)
    ]


def valgkamp_panel(user, aar: int, today: datetime.date, lokallag=None) -> dict | None:
    """The dashboard's election-year panel: per election, the chapters behind and on track
    (the county's dashboard) or the chapter's own goals (a chapter's). Only on this year's
    dashboard; None outside election years."""
    if aar != today.year:
        return None
    elections = _in_campaign(today)
    if not elections:
        return None
    goals = Valgkampmaal.objects.visible_to(user)
    valg_rows = []
    for valg in elections:
        if lokallag is not None:
            (row,) = lagstatus_for(valg, [lokallag], goals, today)
            valg_rows.append({"valg": valg, "lag": row})
            continue
        statuses = maalstatus_for(goals.filter(valg=valg), today)
        chapters: dict[int, Lagstatus] = {}
        for s in statuses:
            chapters.setdefault(s.maal.lokallag_id, Lagstatus(s.maal.lokallag)).maal.append(s)
        rows = sorted(chapters.values(), key=lambda r: r.lokallag.navn)
        valg_rows.append(
            {
                "valg": valg,
                "med_maal": len(rows),
                "etter": [r for r in rows if r.ligger_etter],
                "maal": len(statuses),
                "naadd": sum(1 for s in statuses if s.naadd),
            }
        )
    return {
        "mal": "aktiviteter/valg/_dashbord_panel.html",
        "valgkamp": valg_rows,
        "lokallag": lokallag,
    }
