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
from aktiviteter.studier.models import Studietiltak


def study_hours(maal: Maal, scope: Scope) -> Measurement:
    """Course hours of the courses that qualify (the SpS rules of ``Studietiltak.vurdering``,
    applied in bulk by ``Studietiltak.objects.godkjenning``).

    SpS reports a course in the year of its last held session, so a course's hours count in
    that year and month."""
    end = scope.end(maal)
    last_end = same_day_last_year(maal.sluttdato)
    held = Aktivitet.objects.filter(
        type=Aktivitetstype.STUDIESAMLING, status=Status.AVHOLDT, studietiltak__isnull=False
    )
    candidates = Studietiltak.objects.filter(
        pk__in=held.filter(
            dato__gte=datetime.date(scope.aar - 1, 1, 1), dato__lte=max(end, last_end)
        ).values("studietiltak")
    )
    counts = Counts()
    not_qualifying = 0
    for course in candidates.godkjenning().values():
        last = course.siste_samling
        this_year = last.year == scope.aar and last <= end
        last_year = last.year == scope.aar - 1 and last <= last_end
        if not (this_year or last_year):
            continue
        if course.godkjent:
            counts.add(this_year, last.month, [course.arrangor_id], kurstimer(course.minutter))
        elif this_year:
            not_qualifying += 1
    registered = held.filter(dato__gte=scope.start, dato__lte=end).aggregate(
        m=Sum(_DURATION_MINUTES)
    )["m"]
    m = from_counts(maal, scope, counts)
    m.notes.append(
        _("%(timer)s kurstimer registrert i alt i året (godkjent eller ikke).")
        % {"timer": _hours(kurstimer(registered))}
    )
    if not_qualifying:
        m.notes.append(
            ngettext(
                "%(n)s kurs avsluttet i år oppfyller ikke SpS-kravene ennå.",
                "%(n)s kurs avsluttet i år oppfyller ikke SpS-kravene ennå.",
                not_qualifying,
            )
            % {"n": not_qualifying}
        )
    return m


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def courses(maal: Maal, scope: Scope) -> Measurement:
    """Courses on the target's study plan running in the year: a course counts from its first
    session in the year (held or due, not cancelled), for the chapter that organises it."""
    end = scope.end(maal)
    last_end = same_day_last_year(maal.sluttdato)
    period = Q(dato__gte=scope.start, dato__lte=end) | Q(
        dato__gte=datetime.date(scope.aar - 1, 1, 1), dato__lte=last_end
    )
    rows = (
        Aktivitet.objects.filter(
            period,
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
    counts = Counts()
    for (_course, year), (arrangor_id, dato) in first.items():
        counts.add(year == scope.aar, dato.month, [arrangor_id])
    return from_counts(maal, scope, counts)
