import datetime

from django.db import transaction
from django.utils import timezone

from buskerud_sp.dataversion import data_changed
from lokallag.models import Lokallag

from ..models import Aktivitet, Aktivitetstype, Paaminnelsesregel, Regeltype, Status

TIRSDAGSMOTE_TITTEL = "Tirsdagsmøte med stortingsrepresentanten"
TIRSDAGSMOTE_START = datetime.time(19, 30)
TIRSDAGSMOTE_SLUTT = datetime.time(20, 30)
TIRSDAGSMOTE_LENGDE = datetime.timedelta(hours=1)
TUESDAY = 1


def next_tuesdays(fra: datetime.date, uker: int, ukedag: int = TUESDAY) -> list[datetime.date]:
    first = fra + datetime.timedelta(days=(ukedag - fra.weekday()) % 7)
    return [first + datetime.timedelta(weeks=i) for i in range(uker)]


def call_times(regel: Paaminnelsesregel) -> tuple[datetime.time, datetime.time]:
    """Start and end of the call as the rule sets it (an hour, ending by midnight)."""
    start = datetime.datetime.combine(datetime.date(2000, 1, 1), regel.klokkeslett)
    end = min(start + TIRSDAGSMOTE_LENGDE, start.replace(hour=23, minute=59))
    return start.time(), end.time()


@transaction.atomic
def tirsdagsmoter_sikre(*, uker: int = 8, fra: datetime.date | None = None) -> int:
    """Make sure the Tuesday call of each of the next ``uker`` weeks exists (planned), on the
    weekday and at the time the admins set (the rule «Tirsdagsmøtet»), except in its pause.

    Idempotent: a date that has its call (or had it cancelled) is left alone, and the unique
    constraint on the date makes two concurrent runs harmless. Returns how many were created."""
    county = Lokallag.objects.fylkeslag().first()
    if county is None:
        return 0
    regel = Paaminnelsesregel.objects.sikre_standard()[Regeltype.TIRSDAGSMOTE]
    weekday = TUESDAY if regel.ukedag is None else regel.ukedag
    start, end = call_times(regel)
    dates = next_tuesdays(fra or timezone.localdate(), uker, weekday)
    existing = set(
        Aktivitet.objects.filter(type=Aktivitetstype.TIRSDAGSMOTE, dato__in=dates).values_list(
            "dato", flat=True
        )
    )
    new = [
        Aktivitet(
            type=Aktivitetstype.TIRSDAGSMOTE,
            enhet=county,
            tittel=TIRSDAGSMOTE_TITTEL,
            dato=day,
            starttid=start,
            sluttid=end,
            digitalt=True,
            nettlenke=regel.tekst,
            status=Status.PLANLAGT,
        )
        for day in dates
        if day not in existing and regel.gjelder(day)
    ]
    Aktivitet.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        data_changed()  # bulk_create sends no signals
    return len(new)


def tirsdagsmoter_folg_regel(*, regel: Paaminnelsesregel) -> int:
    """Move the coming planned calls (not today's) to the rule's weekday in the same week and
    to its time. Returns how many were moved."""
    today = timezone.localdate()
    start, end = call_times(regel)
    weekday = TUESDAY if regel.ukedag is None else regel.ukedag
    moved = 0
    calls = Aktivitet.objects.filter(
        type=Aktivitetstype.TIRSDAGSMOTE, status=Status.PLANLAGT, dato__gt=today
    ).order_by("dato" if weekday <= TUESDAY else "-dato")
    for call in calls:
        day = call.dato + datetime.timedelta(days=weekday - call.dato.weekday())
        if day <= today:
            day = call.dato
        if (day, start, end) == (call.dato, call.starttid, call.sluttid):
            continue
        if (
            day != call.dato
            and Aktivitet.objects.filter(type=Aktivitetstype.TIRSDAGSMOTE, dato=day).exists()
        ):
            continue
        call.dato, call.starttid, call.sluttid = day, start, end
        call.save(update_fields=["dato", "starttid", "sluttid", "endret"])
        moved += 1
    return moved
