"""Reads for the study pages. Each starts from ``visible_to(user)`` and runs a fixed number
of queries whatever the amount of data (tests/aktiviteter/test_query_counts.py)."""

from __future__ import annotations

from aktiviteter.aktivitet.models import Aktivitet
from aktiviteter.aktivitet.models.typer import kurstimer
from aktiviteter.studier.models import Studietiltak


def study_hour_totals(user, aar: int | None = None) -> list[dict]:
    """Registered course hours per organiser and year (the dashboard reads the same queryset)."""
    rows = list(Aktivitet.objects.visible_to(user).studietimer_per_lokallag(aar))
    for row in rows:
        row["kurstimer"] = kurstimer(row["minutter"])
    return rows


def courses_with_verdicts(user) -> list[tuple[Studietiltak, object]]:
    courses = Studietiltak.objects.visible_to(user).med_vurderingsgrunnlag()
    return [(course, course.vurdering()) for course in courses]
