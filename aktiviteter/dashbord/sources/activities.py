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
from aktiviteter.dashbord.sources.parts import Only, PartialSource, Parts, add, among, wanted
from lokallag.models import Niva

ROLLING_CALLS = 4


def _held(maal: Maal):
    qs = Aktivitet.objects.filter(type=maal.aktivitetstype).exclude(status=Status.AVLYST)
    if maal.kun_ute_med_temamote:
        qs = qs.filter(vertslag__isnull=False, kombinert_med_temamote=True)
    return qs


def _collect_activities(maal: Maal, scope: Scope, only: Only) -> Parts:
    """Per unit: the held activities it contributes to, per month of this year and of last
    year, and the ones it arranges (``enhet``: each activity has one), which the county
    counts once however many chapters it counts for."""
    end = scope.end(maal)
    last_end = same_day_last_year(maal.sluttdato)
    period = Q(dato__gte=scope.start, dato__lte=end) | Q(
        dato__gte=datetime.date(scope.aar - 1, 1, 1), dato__lte=last_end
    )
    held = _held(maal).filter(period)
    selected, among_held = held, held.values("pk")
    if only is not None:
        # The touched chapters' activities: arranged or hosted by them, or attended by their
        # members; each list read on its own (indexes), not as one query of ORs.
        attending = list(
            Deltakelse.objects.filter(
                among("medlem__lokallag_id", only),
                til_stede=True,
                aktivitet__in=held.values("pk"),
            )
            .order_by()
            .values_list("aktivitet_id", flat=True)
            .distinct()
        )
        own = list(
            held.filter(among("enhet_id", only) | among("vertslag_id", only)).values_list(
                "pk", flat=True
            )
        )
        among_held = sorted(set(attending) | set(own))
        selected = Aktivitet.objects.filter(pk__in=among_held)
    rows = selected.order_by().values_list("pk", "enhet_id", "vertslag_id", "dato")
    attended: dict[int, set[int]] = defaultdict(set)
    for aktivitet_id, lokallag_id in (
        Deltakelse.objects.filter(aktivitet__in=among_held, til_stede=True)
        .order_by()
        .values_list("aktivitet_id", "medlem__lokallag_id")
        .distinct()
    ):
        attended[aktivitet_id].add(lokallag_id)
    parts: Parts = {}
    for pk, enhet_id, vertslag_id, dato in rows:
        this_year = dato.year == scope.aar
        for chapter in ({enhet_id, vertslag_id} | attended.get(pk, set())) - {None}:
            if wanted(chapter, only):
                part = parts.setdefault(chapter, ({}, {}, {}, {}))
                add(part[0 if this_year else 1], dato.month, 1)
        if wanted(enhet_id, only):
            part = parts.setdefault(enhet_id, ({}, {}, {}, {}))
            add(part[2 if this_year else 3], dato.month, 1)
    return parts


def _combine_activities(maal: Maal, scope: Scope, parts: Parts) -> Measurement:
    counts = Counts()
    for unit, (chapter, last_chapter, own, last_own) in parts.items():
        for month, n in chapter.items():
            counts.chapters[unit][month] += n
        for month, n in last_chapter.items():
            counts.last_chapters[unit][month] += n
        for month, n in own.items():
            counts.county[month] += n
        for month, n in last_own.items():
            counts.last_county[month] += n
    return from_counts(maal, scope, counts)


# Held activities of the target's type, for the county and per contributing chapter.
activities = PartialSource(_collect_activities, _combine_activities)


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


def _collect_active(maal: Maal, scope: Scope, only: Only) -> Parts:
    """Per chapter: whether it held or hosted an activity in the ``dager`` days up to each
    month's end, and its last one."""
    days = state_days(scope, scope.end(maal))
    window = datetime.timedelta(days=maal.dager or 90)
    first = days[0][1] - window
    rows = (
        Aktivitet.objects.filter(dato__gt=first, dato__lte=days[-1][1])
        .exclude(status=Status.AVLYST)
        .filter(Q(enhet__niva=Niva.LOKAL) | Q(vertslag__isnull=False))
    )
    if only is not None:
        rows = rows.filter(among("enhet_id", only) | among("vertslag_id", only))
    rows = rows.order_by().values_list("enhet_id", "vertslag_id", "dato").distinct()
    dates: dict[int, list[datetime.date]] = defaultdict(list)
    for enhet_id, vertslag_id, dato in rows:
        for cid in {enhet_id, vertslag_id} - {None}:
            if wanted(cid, only):
                dates[cid].append(dato)
    parts: Parts = {}
    for cid, held in dates.items():
        held.sort()
        covered = {}
        for key, day in days:
            index = bisect.bisect_right(held, day)
            covered[key] = index > 0 and held[index - 1] > day - window
        index = bisect.bisect_right(held, days[-1][1])
        parts[cid] = (covered, held[index - 1] if index else None)
    return parts


def _combine_active(maal: Maal, scope: Scope, parts: Parts) -> Measurement:
    states = States(days=state_days(scope, scope.end(maal)))
    for cid, (covered, _latest) in parts.items():
        states.covered[cid] = dict(covered)
    m = from_states(maal, scope, states, "coverage")
    for cid, cell in m.chapters.items():
        latest = parts[cid][1] if cid in parts else None
        if latest is not None:
            cell.note = _("sist %(dato)s") % {"dato": f"{latest:%d.%m.%Y}"}
    return m


# Chapters that held or hosted an activity in the ``dager`` days up to each month's end.
active_chapters = PartialSource(_collect_active, _combine_active)
