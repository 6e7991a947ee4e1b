"""Reads for the activity pages. Each starts from ``visible_to(user)`` and runs a fixed number
of queries whatever the amount of data (tests/aktiviteter/test_query_counts.py)."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Deltakelse, Kategori, Status
from aktiviteter.aktivitet.models.typer import KATEGORI_FOR_TYPE
from buskerud_sp.core.periods import half_year_start

# The expected number of participants of an activity (the yeses to its invitations), which a
# higher slice registers from ``AktiviteterConfig.ready``: the result form starts from it.
_expected_participants: list[Callable[[Aktivitet], int | None]] = []


def register_expected_participants(fn: Callable[[Aktivitet], int | None]) -> None:
    """Called by AktiviteterConfig.ready with the invitations' count of yes answers."""
    _expected_participants[:] = [fn]


def expected_participants(aktivitet: Aktivitet) -> int | None:
    """The count the result form suggests when none is registered yet (None: no suggestion)."""
    return _expected_participants[0](aktivitet) if _expected_participants else None


def types_in(kategori: str) -> list[str]:
    return [t for t in Aktivitetstype.values if KATEGORI_FOR_TYPE.get(t, Kategori.MOTE) == kategori]


def filtered_activities(user, data: dict) -> QuerySet[Aktivitet]:
    """Visible activities narrowed by the (validated) filters of the list and the calendar."""
    qs = Aktivitet.objects.visible_to(user).for_list(user)
    chosen = data.get("type") or ""
    if chosen.startswith("kategori:"):
        qs = qs.filter(type__in=types_in(chosen.removeprefix("kategori:")))
    elif chosen:
        qs = qs.filter(type=chosen)
    qs = qs.i_periode(data.get("fra"), data.get("til"))
    if data.get("lokallag"):
        qs = qs.for_lokallag(data["lokallag"])  # its own and those it co-hosts
    if data.get("distrikt"):
        qs = qs.filter(enhet__distrikt=data["distrikt"])
    return qs.order_by("-dato", "-starttid", "-pk")


@dataclass
class Day:
    dato: datetime.date
    in_month: bool
    is_today: bool
    activities: list[Aktivitet] = field(default_factory=list)


def month_weeks(user, year: int, month: int, data: dict) -> list[list[Day]]:
    """The month as weeks (Monday first) with each day's visible activities: one query."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    today = timezone.localdate()
    days = {
        d: Day(dato=d, in_month=d.month == month, is_today=d == today) for w in weeks for d in w
    }
    activities = (
        filtered_activities(user, {**data, "fra": None, "til": None})
        .filter(dato__range=(first, last))
        .order_by("dato", "starttid", "pk")
    )
    for aktivitet in activities:
        days[aktivitet.dato].activities.append(aktivitet)
    return [[days[d] for d in week] for week in weeks]


def participations_of(medlem, user, *, all_of_them: bool) -> QuerySet[Deltakelse]:
    """A member's attendance rows, newest first, for the member page (medlemmer.providers):
    every one (the member's own page) or those of the activities ``user`` may see."""
    activities = Aktivitet.objects.all() if all_of_them else Aktivitet.objects.visible_to(user)
    return (
        Deltakelse.objects.filter(medlem=medlem, aktivitet__in=activities)
        .select_related("aktivitet", "aktivitet__enhet")
        .order_by("-aktivitet__dato")
    )


def fylkesstyremote_holdt_ute(dato: datetime.date) -> bool:
    """Has a county board meeting been held out in a chapter this half-year, up to ``dato``?"""
    return Aktivitet.objects.filter(
        type=Aktivitetstype.FYLKESSTYREMOTE,
        status=Status.AVHOLDT,
        vertslag__isnull=False,
        dato__range=(half_year_start(dato), dato),
    ).exists()


def calls_awaiting_count(user, now: datetime.datetime | None = None) -> QuerySet[Aktivitet]:
    """Tuesday calls that have ended and still wait for their count (the count marks a call
    held), where ``user`` may register it: the calls their chapter hosted (the host gets the
    «tirsdag_antall» mail), or every call for who manages the county. Newest first."""
    now = timezone.localtime(now or timezone.now())
    ended = Q(dato__lt=now.date()) | Q(dato=now.date(), sluttid__lte=now.time())
    return calls_planned_up_to(user, now.date()).filter(ended)


def calls_planned_up_to(user, today: datetime.date) -> QuerySet[Aktivitet]:
    """``calls_awaiting_count`` before the time of day: the calls still planned up to and
    including ``today`` (at most one is today's: one call a day), whether today's has ended
    or not (``call_has_ended`` says). Newest first."""
    return (
        Aktivitet.objects.result_registrable_by(user)
        .filter(dato__lte=today, type=Aktivitetstype.TIRSDAGSMOTE, status=Status.PLANLAGT)
        .select_related("vertslag")
        .order_by("-dato", "-pk")
    )


def call_has_ended(call: Aktivitet, now: datetime.datetime) -> bool:
    """``calls_awaiting_count``'s «ended», for one call read by ``calls_planned_up_to``."""
    now = timezone.localtime(now)
    return call.dato < now.date() or (
        call.dato == now.date() and call.sluttid is not None and call.sluttid <= now.time()
    )


def activities_not_marked_held(user, today: datetime.date | None = None) -> QuerySet[Aktivitet]:
    """The user's units' activities still planned after their day (not the Tuesday calls, which
    ``calls_awaiting_count`` lists, nor study sessions, which are registered on their course).
    Newest first."""
    today = today or timezone.localdate()
    return (
        Aktivitet.objects.managed_by(user)
        .filter(status=Status.PLANLAGT, dato__lt=today, studietiltak__isnull=True)
        .exclude(type=Aktivitetstype.TIRSDAGSMOTE)
        .select_related("enhet")
        .order_by("-dato", "-pk")
    )
