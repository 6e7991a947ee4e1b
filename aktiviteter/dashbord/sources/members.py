"""Measurements from the member register: recruitment, Senterungdommen, gender balance.

Each is one grouped query, whatever the number of chapters or members."""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import partial

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import ngettext

from aktiviteter.dashbord.base import Measurement, active_on, same_day_last_year
from aktiviteter.dashbord.builders import Counts, States, from_counts, from_states, state_days
from aktiviteter.dashbord.models import Maal
from aktiviteter.dashbord.scope import Scope
from aktiviteter.dashbord.sources.parts import Only, PartialSource, Parts, add, among
from lokallag.models import Niva, Organisasjon
from medlemmer.models import Kjonn, Medlem


def _collect_new(maal: Maal, scope: Scope, only: Only, *, su: bool = False) -> Parts:
    """Per chapter (None: members without one): joined per month of this year and of last
    year, and how many of this year's left again."""
    end = scope.end(maal)
    last_end = same_day_last_year(maal.sluttdato)
    period = Q(innmeldt__gte=scope.start, innmeldt__lte=end) | Q(
        innmeldt__gte=datetime.date(scope.aar - 1, 1, 1), innmeldt__lte=last_end
    )
    members = Medlem.objects.filter(period).filter(among("lokallag_id", only))
    if su:
        members = members.filter(senterungdommen=True)
    left_again = Q(utmeldt__year=scope.aar, utmeldt__lte=end)
    rows = (
        members.order_by()
        .annotate(y=ExtractYear("innmeldt"), mo=ExtractMonth("innmeldt"))
        .values("lokallag_id", "y", "mo")
        .annotate(n=Count("pk"), left=Count("pk", filter=left_again))
    )
    parts: Parts = {}
    for row in rows:
        this_year = row["y"] == scope.aar
        part = parts.setdefault(row["lokallag_id"], [{}, {}, 0])
        add(part[0 if this_year else 1], row["mo"], row["n"])
        if this_year:
            part[2] += row["left"]
    return parts


def _combine_new(maal: Maal, scope: Scope, parts: Parts) -> Measurement:
    counts = Counts()
    left = 0
    for chapter, (joined, last_joined, gone) in parts.items():
        for month, n in joined.items():
            counts.add(True, month, [chapter], n)
        for month, n in last_joined.items():
            counts.add(False, month, [chapter], n)
        left += gone
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


# Members who joined in the plan year, as ``Medlem.objects.innmeldt_i`` and the member list's
# «Innmeldt i år» count them: one who joined and left again in the year was still recruited
# (a note says how many left).
new_members = PartialSource(_collect_new, _combine_new)
new_su_members = PartialSource(partial(_collect_new, su=True), _combine_new)


def _days(scope: Scope, maal: Maal) -> list[tuple[str, datetime.date]]:
    return state_days(scope, scope.end(maal))


def _collect_su(maal: Maal, scope: Scope, only: Only) -> Parts:
    days = _days(scope, maal)
    rows = (
        Medlem.objects.filter(senterungdommen=True, innmeldt__lte=days[-1][1])
        .filter(among("lokallag_id", only))
        .order_by()
        .values("lokallag_id")
        .annotate(**{key: Count("pk", filter=active_on("", day)) for key, day in days})
    )
    return {row["lokallag_id"]: {key: row[key] for key, _day in days} for row in rows}


def _combine_su(maal: Maal, scope: Scope, parts: Parts) -> Measurement:
    states = States(days=_days(scope, maal))
    for chapter, values in parts.items():
        states.values[chapter] = {key: Decimal(n) for key, n in values.items()}
    return from_states(maal, scope, states, "sum")


# Senterungdommen's members on the last day of each month (and at the end of last year).
su_members = PartialSource(_collect_su, _combine_su)


def _collect_su_chapters(maal: Maal, scope: Scope, only: Only) -> Parts:
    days = _days(scope, maal)
    rows = (
        Medlem.objects.filter(
            lokallag__organisasjon=Organisasjon.SENTERUNGDOMMEN,
            lokallag__niva=Niva.LOKAL,
            lokallag__aktiv=True,
            innmeldt__lte=days[-1][1],
        )
        .filter(among("lokallag_id", only))
        .order_by()
        .values("lokallag_id")
        .annotate(**{key: Count("pk", filter=active_on("", day)) for key, day in days})
    )
    return {row["lokallag_id"]: {key: row[key] for key, _day in days} for row in rows}


def _combine_su_chapters(maal: Maal, scope: Scope, parts: Parts) -> Measurement:
    days = _days(scope, maal)
    states = States(days=days)
    su_ids = {c.pk for c in scope.chapters if c.organisasjon == Organisasjon.SENTERUNGDOMMEN}
    for cid in su_ids:
        for key, _day in days:
            states.values[cid][key] = Decimal(0)
    for chapter, values in parts.items():
        for key, _day in days:
            states.values[chapter][key] = Decimal(1 if values[key] else 0)
    return from_states(maal, scope, states, "sum", applies=su_ids)


# Senterungdommen's active chapters that had at least one member on the day.
su_chapters = PartialSource(_collect_su_chapters, _combine_su_chapters)


def _collect_women(maal: Maal, scope: Scope, only: Only) -> Parts:
    days = _days(scope, maal)
    known = Q(kjonn__in=[Kjonn.KVINNE, Kjonn.MANN])
    aggregates = {}
    for key, day in days:
        aggregates[f"{key}_k"] = Count("pk", filter=active_on("", day) & Q(kjonn=Kjonn.KVINNE))
        aggregates[f"{key}_n"] = Count("pk", filter=active_on("", day) & known)
    _last_key, last_day = days[-1]
    aggregates["ukjent"] = Count("pk", filter=active_on("", last_day) & ~known)
    rows = (
        Medlem.objects.filter(innmeldt__lte=last_day)
        .filter(among("lokallag_id", only))
        .order_by()
        .values("lokallag_id")
        .annotate(**aggregates)
    )
    return {
        row["lokallag_id"]: (
            {key: (row[f"{key}_k"], row[f"{key}_n"]) for key, _day in days},
            row["ukjent"],
        )
        for row in rows
    }


def _combine_women(maal: Maal, scope: Scope, parts: Parts) -> Measurement:
    days = _days(scope, maal)
    last_key = days[-1][0]
    states = States(days=days)
    unknown = 0
    for chapter, (shares, ukjent) in parts.items():
        states.parts[chapter] = dict(shares)
        unknown += ukjent
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


# Women's share of the members whose gender is known (the plan's 37 % / 63 % is of women and
# men); members without a stated gender are left out and counted in a note.
women_share = PartialSource(_collect_women, _combine_women)
