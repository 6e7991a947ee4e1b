"""Reads for the chapter pages: one query per list, whatever the number of chapters."""

import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from .models import NOKKELVERV, Lokallag, Rolle, Verv
from .providers import activities, members


def chapters_for_list(user, today: datetime.date | None = None) -> QuerySet[Lokallag]:
    """Visible chapters with member counts, current leaders and the date of the last activity
    held, for /lokallag/."""
    today = today or timezone.localdate()
    # A subquery, not a join: joining activities to members would multiply the rows counted.
    last_activity = (
        activities()
        .for_lokallag(OuterRef("pk"))  # own and co-hosted
        .filter(dato__lte=today)
        .ikke_avlyste()
        .order_by("-dato")
        .values("dato")[:1]
    )
    active = Q(medlemmer__innmeldt__lte=today) & (
        Q(medlemmer__utmeldt__isnull=True) | Q(medlemmer__utmeldt__gt=today)
    )
    leaders = Verv.objects.aktive(today).filter(rolle=Rolle.LEDER).select_related("medlem")
    return (
        Lokallag.objects.visible_to(user)
        .lokallag()
        .select_related("distrikt")
        .annotate(
            medlemstall=Count("medlemmer", filter=active, distinct=True),
            nye_i_aar=Count(
                "medlemmer", filter=active & Q(medlemmer__innmeldt__year=today.year), distinct=True
            ),
            siste_aktivitet=Subquery(last_activity),
        )
        .prefetch_related(Prefetch("verv", queryset=leaders, to_attr="ledere"))
        .order_by("distrikt__rekkefolge", "distrikt__navn", "organisasjon", "navn")
    )


def chapter_board(chapter: Lokallag, today: datetime.date | None = None) -> list[Verv]:
    """The current office holders of a chapter, ordered by role."""
    today = today or timezone.localdate()
    order = {value: index for index, value in enumerate(Rolle.values)}
    offices = list(Verv.objects.aktive(today).filter(enhet=chapter).select_related("medlem"))
    return sorted(offices, key=lambda v: (order.get(v.rolle, 99), v.medlem.etternavn))


def vacant_key_offices(chapter: Lokallag, board: list[Verv]) -> list[str]:
    """Labels of the key offices (leder, studieleder, senterkvinnekontakt) nobody holds."""
    if chapter.er_fylkeslag:
        return []
    held = {v.rolle for v in board}
    return [Rolle(r).label for r in NOKKELVERV if r not in held]


def member_figures(chapter: Lokallag, today: datetime.date | None = None) -> dict[str, int]:
    """The chapter's members today, those who joined this year and the women, in one query
    (read from an index alone, medlemmer 0009). ``innmeldt__year`` is ``innmeldt_i``'s rule."""
    today = today or timezone.localdate()
    return (
        members()
        .filter(lokallag=chapter)
        .aktive(today)
        .aggregate(
            member_count=Count("pk"),
            new_this_year=Count("pk", filter=Q(innmeldt__year=today.year)),
            women_count=Count("pk", filter=Q(kjonn="K")),
        )
    )


def recent_activities(user, chapter: Lokallag, today: datetime.date | None = None, limit: int = 5):
    """The chapter's latest held activities that the user may see, newest first: its own and
    the co-hosted (``for_lokallag``), each read newest first by its own index
    (``newest_for_lokallag``); ``for_lokallag``'s OR walks every activity by date until it
    finds ``limit``, the whole table for a chapter with fewer."""
    today = today or timezone.localdate()
    return (
        activities()
        .visible_to(user)
        .filter(dato__lte=today)
        .ikke_avlyste()
        .order_by("-dato", "-starttid", "-pk")
        .newest_for_lokallag(chapter, limit)[:limit]
    )
