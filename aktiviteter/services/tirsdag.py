import datetime

from django.db import transaction
from django.utils import timezone

from lokallag.models import Lokallag

from ..models import Aktivitet, Aktivitetstype, Status

TIRSDAGSMOTE_TITTEL = "Tirsdagsmøte med stortingsrepresentanten"
TIRSDAGSMOTE_START = datetime.time(19, 30)
TIRSDAGSMOTE_SLUTT = datetime.time(20, 30)
TUESDAY = 1


def next_tuesdays(fra: datetime.date, uker: int) -> list[datetime.date]:
    first = fra + datetime.timedelta(days=(TUESDAY - fra.weekday()) % 7)
    return [first + datetime.timedelta(weeks=i) for i in range(uker)]


@transaction.atomic
def tirsdagsmoter_sikre(*, uker: int = 8, fra: datetime.date | None = None) -> int:
    """Make sure the Tuesday call of each of the next ``uker`` Tuesdays exists (planned).

    Idempotent: a date that has its call (or had it cancelled) is left alone, and the unique
    constraint on the date makes two concurrent runs harmless. Returns how many were created."""
    county = Lokallag.objects.fylkeslag().first()
    if county is None:
        return 0
    dates = next_tuesdays(fra or timezone.localdate(), uker)
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
            starttid=TIRSDAGSMOTE_START,
            sluttid=TIRSDAGSMOTE_SLUTT,
            digitalt=True,
            status=Status.PLANLAGT,
        )
        for day in dates
        if day not in existing
    ]
    Aktivitet.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
