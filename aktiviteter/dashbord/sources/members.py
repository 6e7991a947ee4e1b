"""Measurements from the member register: recruitment, Senterungdommen, gender balance.

Each is one grouped query, whatever the number of chapters or members."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import ngettext

from aktiviteter.dashbord.base import Measurement, active_on, same_day_last_year
from aktiviteter.dashbord.builders import Counts, States, from_counts, from_states, state_days
from aktiviteter.dashbord.models import Maal
from aktiviteter.dashbord.scope import Scope
from lokallag.models import Niva, Organisasjon
from medlemmer.models import Kjonn, Medlem


def new_members(maal: Maal, scope: Scope, *, su: bool = False) -> Measurement:
    """Members who joined in the plan year, as ``Medlem.objects.innmeldt_i`` and the member
    list's «Innmeldt i år» count them: one who joined and left again in the year was still
    recruited (a note says how many left)."""
    end = scope.end(maal)
    last_end = same_day_last_year(maal.sluttdato)
    period = Q(innmeldt__gte=scope.start, innmeldt__lte=end) | Q(
        innmeldt__gte=datetime.date(scope.aar - 1, 1, 1), innmeldt__lte=last_end
    )
    members = Medlem.objects.filter(period)
    if su:
        members = members.filter(senterungdommen=True)
    left_again = Q(utmeldt__year=scope.aar, utmeldt__lte=end)
    rows = (
        members.order_by()
        .annotate(y=ExtractYear("innmeldt"), mo=ExtractMonth("innmeldt"))
        .values("lokallag_id", "y", "mo")
        .annotate(n=Count("pk"), left=Count("pk", filter=left_again))
    )
    counts = Counts()
    left = 0
    for row in rows:
        this_year = row["y"] == scope.aar
        counts.add(this_year, row["mo"], [row["lokallag_id"]], row["n"])
        if this_year:
            left += row["left"]
    m = from_counts(maal, scope, counts)
    if left:
        m.notes.append(
            ngettext(
                "%(n)s av dem har meldt seg ut igjen samme år.",
                "%(n)s av dem har meldt seg ut igjen samme år.",
                left,
            )
            % {"n": left}
        )
    return m


def _days(scope: Scope, maal: Maal) -> list[tuple[str, datetime.date]]:
    return state_days(scope, scope.end(maal))


def su_members(maal: Maal, scope: Scope) -> Measurement:
    """Senterungdommen's members on the last day of each month (and at the end of last year)."""
    days = _days(scope, maal)
    rows = (
        Medlem.objects.filter(senterungdommen=True, innmeldt__lte=days[-1][1])
        .order_by()
        .values("lokallag_id")
        .annotate(**{key: Count("pk", filter=active_on("", day)) for key, day in days})
    )
    states = States(days=days)
    for row in rows:
        for key, _day in days:
            states.values[row["lokallag_id"]][key] = Decimal(row[key])
    return from_states(maal, scope, states, "sum")


def su_chapters(maal: Maal, scope: Scope) -> Measurement:
    """Senterungdommen's active chapters that had at least one member on the day."""
    days = _days(scope, maal)
    rows = (
        Medlem.objects.filter(
            lokallag__organisasjon=Organisasjon.SENTERUNGDOMMEN,
            lokallag__niva=Niva.LOKAL,
            lokallag__aktiv=True,
            innmeldt__lte=days[-1][1],
        )
        .order_by()
        .values("lokallag_id")
        .annotate(**{key: Count("pk", filter=active_on("", day)) for key, day in days})
    )
    states = States(days=days)
    su_ids = {c.pk for c in scope.chapters if c.organisasjon == Organisasjon.SENTERUNGDOMMEN}
    for cid in su_ids:
        for key, _day in days:
            states.values[cid][key] = Decimal(0)
    for row in rows:
        for key, _day in days:
            states.values[row["lokallag_id"]][key] = Decimal(1 if row[key] else 0)
    return from_states(maal, scope, states, "sum", applies=su_ids)


def women_share(maal: Maal, scope: Scope) -> Measurement:
    """Women's share of the members whose gender is known (the plan's 37 % / 63 % is of women
    and men); members without a stated gender are left out and counted in a note."""
    days = _days(scope, maal)
    known = Q(kjonn__in=[Kjonn.KVINNE, Kjonn.MANN])
    aggregates = {}
    for key, day in days:
        aggregates[f"{key}_k"] = Count("pk", filter=active_on("", day) & Q(kjonn=Kjonn.KVINNE))
        aggregates[f"{key}_n"] = Count("pk", filter=active_on("", day) & known)
    last_key, last_day = days[-1]
    aggregates["ukjent"] = Count("pk", filter=active_on("", last_day) & ~known)
    rows = (
        Medlem.objects.filter(innmeldt__lte=last_day)
        .order_by()
        .values("lokallag_id")
        .annotate(**aggregates)
    )
    states = States(days=days)
    unknown = 0
    for row in rows:
        for key, _day in days:
            states.parts[row["lokallag_id"]][key] = (row[f"{key}_k"], row[f"{key}_n"])
        unknown += row["ukjent"]
    m = from_states(maal, scope, states, "ratio")
    if unknown and last_key != "fjor":
        m.notes.append(
            ngettext(
                "%(n)s medlem uten oppgitt kjønn er ikke med i andelen.",
                "%(n)s medlemmer uten oppgitt kjønn er ikke med i andelen.",
                unknown,
            )
            % {"n": unknown}
        )
    return m
