"""The quarterly chapter leaders' meeting: the county holds one every quarter. The reminder
planner decides its day from the rule admins edit and calls this on every tick."""

from __future__ import annotations

import datetime

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Status
from buskerud_sp.core.periods import quarter, quarter_number
from lokallag.models import Lokallag

LEDERMOTE_LENGDE = datetime.timedelta(hours=2)


def ledermote_opprett(
    *, county: Lokallag, dato: datetime.date, klokkeslett: datetime.time, sted: str
) -> Aktivitet | None:
    """The chapter leaders' meeting of ``dato``'s quarter, held by ``county`` on ``dato`` at
    ``klokkeslett``, unless an admin already made one that quarter (held, planned or
    cancelled). Returns the meeting it made. The caller serialises concurrent calls (a lock
    held for its transaction), since the check and the insert must not interleave."""
    first, last = quarter(dato)
    exists = Aktivitet.objects.filter(
        type=Aktivitetstype.LOKALLAGSLEDERMOTE, enhet=county, dato__range=(first, last)
    ).exists()
    if exists:
        return None
    start = datetime.datetime.combine(dato, klokkeslett)
    end = min(start + LEDERMOTE_LENGDE, datetime.datetime.combine(dato, datetime.time(23, 59)))
    return Aktivitet.objects.create(
        type=Aktivitetstype.LOKALLAGSLEDERMOTE,
        enhet=county,
        tittel=f"Lokallagsledermøte {quarter_number(first)}. kvartal {first.year}",
        dato=dato,
        starttid=start.time(),
        sluttid=end.time(),
        sted=sted,
        status=Status.PLANLAGT,
    )
