"""Reads for the study pages. Each starts from ``visible_to(user)`` and runs a fixed number
of queries whatever the amount of data (tests/aktiviteter/test_query_counts.py)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Status
from aktiviteter.aktivitet.models.typer import kurstimer
from aktiviteter.studier.models import Oppmote, Studietiltak


def study_hour_totals(user, aar: int | None = None) -> list[dict]:
    """Registered course hours per organiser and year (the dashboard reads the same queryset)."""
    rows = list(Aktivitet.objects.visible_to(user).studietimer_per_lokallag(aar))
    for row in rows:
        row["kurstimer"] = kurstimer(row["minutter"])
    return rows


def courses_with_verdicts(user) -> list[tuple[Studietiltak, object]]:
    courses = Studietiltak.objects.visible_to(user).med_vurderingsgrunnlag()
    return [(course, course.vurdering()) for course in courses]


def sessions_awaiting_attendance(user, today: datetime.date | None = None) -> QuerySet[Aktivitet]:
    """Sessions of the courses ``user`` manages whose day has come and that have no attendance
    registered (no participant has minutes on them). Newest first."""
    today = today or timezone.localdate()
    return (
        Aktivitet.objects.studiesamlinger()
        .filter(studietiltak__in=Studietiltak.objects.managed_by(user), dato__lte=today)
        .exclude(status=Status.AVLYST)
        .exclude(Exists(Oppmote.objects.filter(samling=OuterRef("pk"))))
        .select_related("enhet", "studietiltak")
        .order_by("-dato", "-pk")
    )
