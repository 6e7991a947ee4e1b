"""Measurements from the activities: meetings of a type, participants per meeting, chapters
with recent activity.

An activity counts as held when it is dated on or before the day counted and not cancelled,
as the chapter list's «last activity» counts it. A chapter contributes to an activity it held,
hosted («holdt ute i lokallaget», the Tuesday call's host) or sent named participants to."""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aktiviteter.aktivitet.models import Aktivitet, Deltakelse, Status
from aktiviteter.dashbord.base import Cell, Measurement, Point, dec, percent, same_day_last_year
from aktiviteter.dashbord.builders import Counts, States, from_counts, from_states, state_days
from aktiviteter.dashbord.models import Maal
from aktiviteter.dashbord.scope import Scope
from lokallag.models import Niva

ROLLING_CALLS = 4


def _held(maal: Maal):
    qs = Aktivitet.objects.filter(type=maal.aktivitetstype).exclude(status=Status.AVLYST)
    if maal.kun_ute_med_temamote:
        qs = qs.filter(vertslag__isnull=False, kombinert_med_temamote=True)
    return qs


def activities(maal: Maal, scope: Scope) -> Measurement:
    """Held activities of the target's type, for the county and per contributing chapter."""
    end = scope.end(maal)
    last_end = same_day_last_year(maal.sluttdato)
    period = Q(dato__gte=scope.start, dato__lte=end) | Q(
        dato__gte=datetime.date(scope.aar - 1, 1, 1), dato__lte=last_end
    )
    held = _held(maal).filter(period)
    rows = held.order_by().values_list("pk", "enhet_id", "vertslag_id", "dato")
    attended: dict[int, set[int]] = defaultdict(set)
    for aktivitet_id, lokallag_id in (
        Deltakelse.objects.filter(aktivitet__in=held.values("pk"), til_stede=True)
        .order_by()
        .values_list("aktivitet_id", "medlem__lokallag_id")
        .distinct()
    ):
        attended[aktivitet_id].add(lokallag_id)
    counts = Counts()
    for pk, enhet_id, vertslag_id, dato in rows:
        chapters = {enhet_id, vertslag_id} | attended.get(pk, set())
        counts.add(dato.year == scope.aar, dato.month, chapters)
    return from_counts(maal, scope, counts)


def participants(maal: Maal, scope: Scope) -> Measurement:
    """Participants per meeting (the Tuesday calls): each meeting's registered count, or its
    named participants when no count was registered; a meeting with neither is left out of
    the average and named in a note. Per chapter: its members' named attendances."""
    end = scope.end(maal)
    goal = maal.maalverdi or Decimal(0)
    meetings = list(
        _held(maal)
        .filter(dato__gte=scope.start, dato__lte=end)
        .order_by("dato", "pk")
        .annotate(navngitte=Count("deltakelser", filter=Q(deltakelser__til_stede=True)))
        .values_list("dato", "deltakerantall", "navngitte")
    )
    series: list[Point] = []
    counted: list[int] = []
    missing = 0
    for dato, antall, navngitte in meetings:
        value = antall if antall is not None else (navngitte or None)
        series.append(Point(f"{dato:%d.%m.}", None if value is None else Decimal(value)))
        if value is None:
            missing += 1
        else:
            counted.append(value)
    per_chapter = dict(
        Deltakelse.objects.filter(
            aktivitet__in=_held(maal).filter(dato__gte=scope.start, dato__lte=end).values("pk"),
            til_stede=True,
        )
        .order_by()
        .values("medlem__lokallag_id")
        .annotate(n=Count("pk"))
        .values_list("medlem__lokallag_id", "n")
    )
    recent = counted[-ROLLING_CALLS:]
    reached = sum(1 for v in counted if v >= goal)
    m = Measurement(
        value=dec(sum(counted) / len(counted)) if counted else None,
        chapters={c.pk: Cell(value=Decimal(per_chapter.get(c.pk, 0))) for c in scope.chapters},
        series=series,
        series_kind="bars",
        occurrences=len(counted),
        reached=reached,
        rolling=dec(sum(recent) / len(recent)) if recent else None,
        share_meeting=percent(reached, len(counted)),
    )
    if missing:
        m.notes.append(
            ngettext(
                "%(n)s møte mangler antall og er ikke med i snittet.",
                "%(n)s møter mangler antall og er ikke med i snittet.",
                missing,
            )
            % {"n": missing}
        )
    return m


def active_chapters(maal: Maal, scope: Scope) -> Measurement:
    """Chapters that held or hosted an activity in the ``dager`` days up to each month's end."""
    days = state_days(scope, scope.end(maal))
    window = datetime.timedelta(days=maal.dager or 90)
    first = days[0][1] - window
    rows = (
        Aktivitet.objects.filter(dato__gt=first, dato__lte=days[-1][1])
        .exclude(status=Status.AVLYST)
        .filter(Q(enhet__niva=Niva.LOKAL) | Q(vertslag__isnull=False))
        .order_by()
        .values_list("enhet_id", "vertslag_id", "dato")
        .distinct()
    )
    dates: dict[int, list[datetime.date]] = defaultdict(list)
    for enhet_id, vertslag_id, dato in rows:
        for cid in {enhet_id, vertslag_id} - {None}:
            dates[cid].append(dato)
    states = States(days=days)
    latest: dict[int, datetime.date] = {}
    for cid, held in dates.items():
        held.sort()
        for key, day in days:
            index = bisect.bisect_right(held, day)
            states.covered[cid][key] = index > 0 and held[index - 1] > day - window
        index = bisect.bisect_right(held, days[-1][1])
        if index:
            latest[cid] = held[index - 1]
    m = from_states(maal, scope, states, "coverage")
    for cid, cell in m.chapters.items():
        if cid in latest:
            cell.note = _("sist %(dato)s") % {"dato": f"{latest[cid]:%d.%m.%Y}"}
    return m
