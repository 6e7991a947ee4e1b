"""Measurements of the chapters themselves: offices held, social media kept up to date."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from aktiviteter.dashbord.base import Cell, Measurement, Point, percent
from aktiviteter.dashbord.builders import States, from_states, state_days
from aktiviteter.dashbord.models import Maal
from aktiviteter.dashbord.scope import Scope
from lokallag.models import Lokallag, Niva, Verv


def office_held(maal: Maal, scope: Scope) -> Measurement:
    """Chapters with someone in the office (e.g. senterkvinnekontakt) on each month's last day.
    A chapter with no offices at all is simply not covered."""
    days = state_days(scope, scope.end(maal))
    rows = (
        Verv.objects.filter(rolle=maal.rolle, enhet__niva=Niva.LOKAL, fra_dato__lte=days[-1][1])
        .filter(Q(til_dato__isnull=True) | Q(til_dato__gte=days[0][1]))
        .order_by()
        .values_list("enhet_id", "fra_dato", "til_dato")
    )
    spans: dict[int, list[tuple[datetime.date, datetime.date | None]]] = defaultdict(list)
    for enhet_id, fra, til in rows:
        spans[enhet_id].append((fra, til))
    states = States(days=days)
    for cid, periods in spans.items():
        for key, day in days:
            states.covered[cid][key] = any(
                fra <= day and (til is None or til >= day) for fra, til in periods
            )
    return from_states(maal, scope, states, "coverage")


CHANNELS = ("facebook", "instagram", "hjemmeside")


def channel_dates(chapter: Lokallag) -> list[datetime.date | None]:
    """The last-updated date of each channel the chapter has (None: never stated)."""
    return [
        getattr(chapter, f"{name}_oppdatert")
        for name in CHANNELS
        if getattr(chapter, f"{name}_url")
    ]


def social_media(maal: Maal, scope: Scope) -> Measurement:
    """Chapters whose every channel (Facebook, Instagram, website) was updated within ``dager``
    days. A chapter without channels is not covered. Only the last update is stored, so this
    is measured for today only: a past year is not measurable."""
    days = maal.dager or 30
    if scope.end(maal) != scope.today:
        return Measurement(
            value=None,
            aggregation="coverage",
            measurable=False,
            notes=[_("Bare siste oppdatering lagres, så dette kan bare måles for i dag.")],
        )
    cutoff = scope.today - datetime.timedelta(days=days)
    cells: dict[int, Cell] = {}
    buckets = {"fresh": 0, "stale": 0, "old": 0, "none": 0}
    for chapter in scope.chapters:
        dates = channel_dates(chapter)
        oldest = None if not dates or None in dates else min(dates)
        covered = oldest is not None and oldest >= cutoff
        note = (
            _("eldste %(dato)s") % {"dato": f"{oldest:%d.%m.%Y}"} if oldest else _("mangler dato")
        )
        if not dates:
            note = _("ingen kanaler")
        in_universe = chapter.pk in scope.universe
        cells[chapter.pk] = Cell(covered=covered if in_universe else None, note=note)
        if in_universe:
            if not dates:
                buckets["none"] += 1
            elif covered:
                buckets["fresh"] += 1
            elif oldest is not None and oldest >= scope.today - datetime.timedelta(days=90):
                buckets["stale"] += 1
            else:
                buckets["old"] += 1
    covered = buckets["fresh"]
    universe = len(scope.universe)
    return Measurement(
        value=percent(covered, universe),
        chapters=cells,
        aggregation="coverage",
        covered=covered,
        universe=universe,
        measurable=bool(universe),
        series_kind="distribution",
        series=[
            Point(_("≤ %(d)s dager") % {"d": days}, Decimal(buckets["fresh"])),
            Point(_("eldre, ≤ 90 dager"), Decimal(buckets["stale"])),
            Point(_("over 90 dager / uten dato"), Decimal(buckets["old"])),
            Point(_("ingen kanaler"), Decimal(buckets["none"])),
        ],
    )
