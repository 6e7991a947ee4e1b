import datetime
from collections.abc import Callable
from typing import Protocol

from django.db import models, transaction
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, AvlystGrunn, Status
from buskerud_sp.core.dataversion import data_changed
from lokallag.models import Lokallag

TIRSDAGSMOTE_TITTEL = "Tirsdagsmøte med stortingsrepresentanten"
TIRSDAGSMOTE_START = datetime.time(19, 30)
TIRSDAGSMOTE_SLUTT = datetime.time(20, 30)
TIRSDAGSMOTE_LENGDE = datetime.timedelta(hours=1)
TUESDAY = 1


class Moteregel(Protocol):
    """The calls' schedule: the reminders' rule «Tirsdagsmøtet», which admins edit with the
    other rules (``aktiviteter.paaminnelser``, registered in ``AktiviteterConfig.ready``)."""

    ukedag: int | None
    klokkeslett: datetime.time
    tekst: str

    def avlyses_fordi(self, dato: datetime.date) -> str: ...


_call_rule: list[Callable[[], Moteregel]] = []


def register_call_rule(rule: Callable[[], Moteregel]) -> None:
    """Called by AktiviteterConfig.ready with the reminders' «Tirsdagsmøtet» rule."""
    _call_rule[:] = [rule]


def next_tuesdays(fra: datetime.date, uker: int, ukedag: int = TUESDAY) -> list[datetime.date]:
    first = fra + datetime.timedelta(days=(ukedag - fra.weekday()) % 7)
    return [first + datetime.timedelta(weeks=i) for i in range(uker)]


def call_times(regel: Moteregel) -> tuple[datetime.time, datetime.time]:
    """Start and end of the call as the rule sets it (an hour, ending by midnight)."""
    start = datetime.datetime.combine(datetime.date(2000, 1, 1), regel.klokkeslett)
    end = min(start + TIRSDAGSMOTE_LENGDE, start.replace(hour=23, minute=59))
    return start.time(), end.time()


def _rhythm_owned() -> models.Q:
    """Calls the rhythm may still change: planned, or cancelled by the rhythm itself."""
    return models.Q(status=Status.PLANLAGT) | models.Q(
        status=Status.AVLYST, avlyst_grunn__in=AvlystGrunn.values
    )


@transaction.atomic
def tirsdagsmoter_sikre(*, uker: int = 8, fra: datetime.date | None = None) -> int:
    """Make sure the Tuesday call of each of the next ``uker`` weeks exists, on the weekday
    and at the time the admins set (the rule «Tirsdagsmøtet»): planned, or cancelled with
    its reason on a date in the rule's pause or on a day off. The coming calls follow the
    pause and the holidays as they stand now (see ``tirsdagsmoter_folg_kalender``).

    Idempotent: a date that has its call (or had it cancelled) is left alone, and the unique
    constraint on the date makes two concurrent runs harmless. Returns how many were created."""
    county = Lokallag.objects.fylkeslag().first()
    if county is None:
        return 0
    regel = _call_rule[0]()
    weekday = TUESDAY if regel.ukedag is None else regel.ukedag
    start, end = call_times(regel)
    today = fra or timezone.localdate()
    dates = next_tuesdays(today, uker, weekday)
    existing = set(
        Aktivitet.objects.filter(type=Aktivitetstype.TIRSDAGSMOTE, dato__in=dates).values_list(
            "dato", flat=True
        )
    )
    new = []
    for day in dates:
        if day in existing:
            continue
        grunn = regel.avlyses_fordi(day)
        new.append(
            Aktivitet(
                type=Aktivitetstype.TIRSDAGSMOTE,
                enhet=county,
                tittel=TIRSDAGSMOTE_TITTEL,
                dato=day,
                starttid=start,
                sluttid=end,
                digitalt=True,
                nettlenke=regel.tekst,
                status=Status.AVLYST if grunn else Status.PLANLAGT,
                avlyst_grunn=grunn,
            )
        )
    Aktivitet.objects.bulk_create(new, ignore_conflicts=True)
    changed = tirsdagsmoter_folg_kalender(regel=regel, fra=today)
    if new or changed:
        data_changed()  # bulk_create and update() send no signals
    return len(new)


def tirsdagsmoter_folg_kalender(*, regel: Moteregel, fra: datetime.date) -> int:
    """The calls from ``fra`` on follow the call rule's pause and its holiday setting: a
    planned call on a date the rhythm now skips is cancelled with the reason, and a call the
    rhythm cancelled comes back when the reason is gone (one a person cancelled stays). The
    planner sends reminders, count requests and chasers for planned calls only, so this
    stops all of them. Returns how many calls changed."""
    changed = 0
    calls = Aktivitet.objects.filter(type=Aktivitetstype.TIRSDAGSMOTE, dato__gte=fra).filter(
        _rhythm_owned()
    )
    for call in calls.select_for_update().order_by("dato"):
        grunn = regel.avlyses_fordi(call.dato)
        status = Status.AVLYST if grunn else Status.PLANLAGT
        if (status, grunn) != (call.status, call.avlyst_grunn):
            call.status, call.avlyst_grunn = status, grunn
            call.save(update_fields=["status", "avlyst_grunn", "endret"])
            changed += 1
    return changed


def tirsdagsmoter_folg_regel(*, regel: Moteregel) -> int:
    """Move the coming planned calls (not today's) to the rule's weekday in the same week and
    to its time. Returns how many were moved."""
    today = timezone.localdate()
    start, end = call_times(regel)
    weekday = TUESDAY if regel.ukedag is None else regel.ukedag
    moved = 0
    # Calls the rhythm cancelled (pause, holiday) move too: they come back on the new day.
    calls = (
        Aktivitet.objects.filter(type=Aktivitetstype.TIRSDAGSMOTE, dato__gt=today)
        .filter(_rhythm_owned())
        .order_by("dato" if weekday <= TUESDAY else "-dato")
    )
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
