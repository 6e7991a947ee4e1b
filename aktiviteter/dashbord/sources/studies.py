"""Measurements of the study work: hours in courses that qualify for SpS funding, and courses
on a study plan («Det grønne hjulet», studiering)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Status
from aktiviteter.aktivitet.models.typer import _DURATION_MINUTES, kurstimer
from aktiviteter.dashbord.base import Measurement, same_day_last_year
from aktiviteter.dashbord.builders import Counts, from_counts
from aktiviteter.dashbord.models import Maal
from aktiviteter.dashbord.scope import Scope
from aktiviteter.dashbord.sources.parts import (
    Only,
    PartialSource,
    Parts,
    add,
    among,
    no_notes,
)
from aktiviteter.studier.models import Studietiltak


def _collect_hours(maal: Maal, scope: Scope, only: Only) -> Parts:
    """Per unit: the qualifying hours of the courses it arranges, per month of their last
    session this year and last year, its courses ended this year that do not qualify, and the
    minutes of the sessions it held this year (qualifying or not). The hours are summed per
    month here, each course's rounded on its own as SpS counts them: the county's figures are
    put together from every unit's part after each change, so a part is kept small."""
    end = scope.end(maal)
    last_end = same_day_last_year(maal.sluttdato)
    held = Aktivitet.objects.filter(
        type=Aktivitetstype.STUDIESAMLING, status=Status.AVHOLDT, studietiltak__isnull=False
    )
    candidates = Studietiltak.objects.filter(
        among("arrangor_id", only),
        pk__in=held.filter(
            dato__gte=datetime.date(scope.aar - 1, 1, 1), dato__lte=max(end, last_end)
        ).values("studietiltak"),
    )
    parts: Parts = {}

    def part(unit):
        return parts.setdefault(unit, [{}, {}, 0, None])

    for course in candidates.godkjenning().values():
        last = course.siste_samling
        this_year = last.year == scope.aar and last <= end
        last_year = last.year == scope.aar - 1 and last <= last_end
        if not (this_year or last_year):
            continue
        if course.godkjent:
            monthly = part(course.arrangor_id)[0 if this_year else 1]
            add(monthly, last.month, kurstimer(course.minutter))
        elif this_year:
            part(course.arrangor_id)[2] += 1
    registered = (
        held.filter(among("enhet_id", only), dato__gte=scope.start, dato__lte=end)
        .order_by()
        .values("enhet_id")
        .annotate(m=Sum(_DURATION_MINUTES))
        .values_list("enhet_id", "m")
    )
    for enhet_id, minutes in registered:
        if minutes is not None:
            part(enhet_id)[3] = minutes
    return parts


def _combine_hours(maal: Maal, scope: Scope, parts: Parts) -> Measurement:
    counts = Counts()
    for unit, (hours, last_hours, _failed, _held) in parts.items():
        for month, amount in hours.items():
            counts.add(True, month, [unit], amount)
        for month, amount in last_hours.items():
            counts.add(False, month, [unit], amount)
    return from_counts(maal, scope, counts)


def _notes_hours(maal: Maal, scope: Scope, parts: Parts) -> list[str]:
    not_qualifying = sum(failed for _h, _l, failed, _held in parts.values())
    held = [minutes for _h, _l, _f, minutes in parts.values() if minutes is not None]
    registered = sum(held) if held else None
    notes = [
        _("%(timer)s kurstimer registrert i alt i året (godkjent eller ikke).")
        % {"timer": _hours(kurstimer(registered))}
    ]
    if not_qualifying:
        notes.append(
            ngettext(
                "%(n)s kurs avsluttet i år oppfyller ikke SpS-kravene ennå.",
                "%(n)s kurs avsluttet i år oppfyller ikke SpS-kravene ennå.",
                not_qualifying,
            )
            % {"n": not_qualifying}
        )
    return notes


# Course hours of the courses that qualify (the SpS rules of ``Studietiltak.vurdering``,
# applied in bulk by ``Studietiltak.objects.godkjenning``). SpS reports a course in the year of
# its last held session, so a course's hours count in that year and month.
study_hours = PartialSource(_collect_hours, _combine_hours, _notes_hours)


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _collect_courses(maal: Maal, scope: Scope, only: Only) -> Parts:
    """Per arranging chapter: its courses on the target's study plan, counted in the month of
    their first session in the year (held or due, not cancelled), this year and last year."""
    end = scope.end(maal)
    last_end = same_day_last_year(maal.sluttdato)
    period = Q(dato__gte=scope.start, dato__lte=end) | Q(
        dato__gte=datetime.date(scope.aar - 1, 1, 1), dato__lte=last_end
    )
    rows = (
        Aktivitet.objects.filter(
            period,
            among("studietiltak__arrangor_id", only),
            type=Aktivitetstype.STUDIESAMLING,
            studietiltak__studieplan=maal.studieplan,
        )
        .exclude(status=Status.AVLYST)
        .order_by("dato")
        .values_list("studietiltak_id", "studietiltak__arrangor_id", "dato")
    )
    first: dict[tuple[int, int], tuple[int, datetime.date]] = {}
    for course_id, arrangor_id, dato in rows:
        first.setdefault((course_id, dato.year), (arrangor_id, dato))
    parts: Parts = {}
    for (_course, year), (arrangor_id, dato) in first.items():
        part = parts.setdefault(arrangor_id, ({}, {}))
        add(part[0 if year == scope.aar else 1], dato.month, 1)
    return parts


def _combine_courses(maal: Maal, scope: Scope, parts: Parts) -> Measurement:
    counts = Counts()
    for unit, (this_year, last_year) in parts.items():
        for month, n in this_year.items():
            counts.add(True, month, [unit], n)
        for month, n in last_year.items():
            counts.add(False, month, [unit], n)
    return from_counts(maal, scope, counts)


# Courses on the target's study plan running in the year: a course counts from its first
# session in the year (held or due, not cancelled), for the chapter that organises it.
courses = PartialSource(_collect_courses, _combine_courses, no_notes)
