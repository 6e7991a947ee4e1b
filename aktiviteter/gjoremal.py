"""What waits for the user to act, for the start page and the chapter page: Tuesday calls
waiting for their count, course sessions waiting for attendance, and activities whose day has
passed without being marked held, the annual meeting cycle's next step when it is due, and
the campaign plan's goals the chapter is behind on.
Each slice's selector says what is due; this gathers them into one list (a fixed number of queries,
whatever the amount of data), each with the form that resolves it. Outside the slices, as
``innsyn.py``: it reads the activity, study and annual meeting slices."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from aktiviteter.aktivitet.models import Aktivitet
from aktiviteter.aktivitet.selectors import (
    activities_not_marked_held,
    call_has_ended,
    calls_awaiting_count,
    calls_planned_up_to,
)
from aktiviteter.arsmote import oppfolging as arsmote_oppfolging
from aktiviteter.arsmote.models import Arsmote
from aktiviteter.studier.selectors import sessions_awaiting_attendance
from aktiviteter.valg import oppfolging as valg_oppfolging
from aktiviteter.valg.selectors.plan import Maalstatus
from buskerud_sp.core import dataversion
from buskerud_sp.core.access import access_for

# At most this many of each kind: the oldest wait in the activity list.
PER_KIND = 10


class Kind:
    COUNT = "antall"
    ATTENDANCE = "oppmote"
    HELD = "avholdt"
    ARSMOTE = "arsmote"
    VALGKAMP = "valgkamp"


@dataclass(frozen=True)
class Gjoremal:
    """One thing to do: ``kind`` picks the wording, ``url`` is the form that resolves it.
    The annual meeting's item has no activity: its ``arsmote`` and the step's ``tekst``; the
    campaign plan's neither: its goal's progress (``valgkampmaal``)."""

    kind: str
    aktivitet: Aktivitet | None
    url: str
    arsmote: Arsmote | None = None
    tekst: str = ""
    valgkampmaal: Maalstatus | None = None

    @property
    def dato(self) -> datetime.date | None:
        if self.aktivitet is not None:
            return self.aktivitet.dato
        if self.arsmote is not None:
            return self.arsmote.dato
        return self.valgkampmaal.frist


def _result_url(aktivitet: Aktivitet, neste: str) -> str:
    url = reverse("aktiviteter:result", kwargs={"pk": aktivitet.pk})
    return f"{url}?{urlencode({'neste': neste})}" if neste else url


def _of(qs: QuerySet[Aktivitet], lokallag) -> list[Aktivitet]:
    if lokallag is not None:
        qs = qs.newest_for_lokallag(lokallag, PER_KIND, vertskap=True)
    return list(qs[:PER_KIND])


def _kept(name: str, version: str | None, parts: tuple, compute) -> list[Aktivitet]:
    if version is None:
        return compute()
    return dataversion.cached(name, parts, compute, version=version)


def _calls(user, now: datetime.datetime, lokallag, version: str | None, parts: tuple):
    if version is None:
        return _of(calls_awaiting_count(user, now), lokallag)
    # Kept per day: one more than shown, as at most one is today's and may not have ended yet;
    # whether it has is decided now.
    today = timezone.localdate(now)
    candidates = _kept(
        "gjoremal-antall",
        version,
        parts,
        lambda: list(
            calls_planned_up_to(user, today).newest_for_lokallag(
                lokallag, PER_KIND + 1, vertskap=True
            )[: PER_KIND + 1]
        ),
    )
    return [call for call in candidates if call_has_ended(call, now)][:PER_KIND]


def gjoremal_for(
    user,
    *,
    lokallag=None,
    now: datetime.datetime | None = None,
    neste: str = "",
    version: str | None = None,
) -> list[Gjoremal]:
    """What ``user`` may resolve now (for one chapter with ``lokallag``), the Tuesday counts
    first. ``neste`` is where the count form returns to once saved (the page showing this).

    With ``version`` (the ``data_version()`` the caller read first) and ``lokallag``, the
    sessions waiting for attendance, the activities not marked held and the calls up to today
    are kept for that version: they depend on the data, the user's access and the day only,
    and the sessions cost a lookup of the attendance per session of the chapter (its whole
    history when none waits). Whether today's call has ended is decided at each view."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if lokallag is None:
        version = None
    parts = (getattr(lokallag, "pk", None), access_for(user), today)
    items = [
        Gjoremal(Kind.COUNT, call, _result_url(call, neste))
        for call in _calls(user, now, lokallag, version, parts)
    ]
    items += [
        Gjoremal(
            Kind.ATTENDANCE,
            session,
            reverse(
                "aktiviteter:session_edit",
                kwargs={"pk": session.studietiltak_id, "samling": session.pk},
            ),
        )
        for session in _kept(
            "gjoremal-oppmote",
            version,
            parts,
            lambda: _of(sessions_awaiting_attendance(user, today), lokallag),
        )
    ]
    items += [
        Gjoremal(Kind.HELD, aktivitet, _result_url(aktivitet, neste))
        for aktivitet in _kept(
            "gjoremal-avholdt",
            version,
            parts,
            lambda: _of(activities_not_marked_held(user, today), lokallag),
        )
    ]
    items += [
        Gjoremal(
            Kind.ARSMOTE,
            None,
            step.arsmote.get_absolute_url(),
            arsmote=step.arsmote,
            tekst=step.tekst,
        )
        for step in arsmote_oppfolging.gjoremal_for(user, lokallag=lokallag, today=today)
    ]
    items += [
        Gjoremal(Kind.VALGKAMP, None, valg_oppfolging.lag_url(goal), valgkampmaal=goal)
        for goal in valg_oppfolging.gjoremal_for(user, lokallag=lokallag, today=today)
    ]
    return items
