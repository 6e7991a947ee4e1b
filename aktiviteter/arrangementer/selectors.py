"""What the public calendar reads: the open events and the shifts that still need people.

Every read here goes through ``Aktivitet.objects.offentlige()`` and fetches only the columns
the public pages show (``PUBLIC_FIELDS``), so that a template cannot reach a participant, the
responsible member or a sign-up by mistake."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import groupby

from aktiviteter.aktivitet.models import Aktivitet, Status
from aktiviteter.aktivitet.models.typer import OFFENTLIGE_TYPER, VAKTTYPER, Aktivitetstype
from aktiviteter.valg.selectors.vakter import ledige_plasser
from lokallag.models import Lokallag

# The window of the list and the feed: today and on (bounded), or back this many days.
DAYS_AHEAD = 400
DAYS_BACK = 90

PUBLIC_FIELDS = (
    "pk",
    "type",
    "tittel",
    "beskrivelse",
    "dato",
    "starttid",
    "sluttid",
    "sted",
    "nettlenke",
    "digitalt",
    "status",
    "offentlig",
    "kontaktperson",
    "kontakt",
    "endret",
    "enhet__navn",
    "enhet__slug",
    "vertslag__navn",
)


def public_types() -> list[tuple[str, str]]:
    """The kinds the calendar can show, in the order of the type list."""
    return [(value, label) for value, label in Aktivitetstype.choices if value in OFFENTLIGE_TYPER]


def public_units():
    """The active units the public can filter on, the county first."""
    return Lokallag.objects.aktive().only("pk", "navn", "slug", "niva").order_by("niva", "navn")


def public_events(
    *,
    today: datetime.date,
    earlier: bool = False,
    lag: Lokallag | None = None,
    type: str = "",
):
    """The public events from ``today`` on (``DAYS_AHEAD``), or the last ``DAYS_BACK`` days
    before it with ``earlier`` (newest first), of one unit (its own, those it co-hosts and the
    county's held out in it) and of one kind when given."""
    qs = Aktivitet.objects.offentlige()
    if earlier:
        qs = qs.filter(dato__gte=today - datetime.timedelta(days=DAYS_BACK), dato__lt=today)
        order = ("-dato", "-starttid", "-pk")
    else:
        qs = qs.filter(dato__gte=today, dato__lte=today + datetime.timedelta(days=DAYS_AHEAD))
        order = ("dato", "starttid", "pk")
    if lag is not None:
        qs = qs.for_lokallag(lag, vertskap=True)
    if type:
        qs = qs.filter(type=type)
    return qs.select_related("enhet", "vertslag").only(*PUBLIC_FIELDS).order_by(*order)


def public_event(pk: int) -> Aktivitet | None:
    return (
        Aktivitet.objects.offentlige()
        .select_related("enhet", "vertslag")
        .only(*PUBLIC_FIELDS)
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class LedigVakt:
    """A shift as the public sees it: its time, its task and how many more it needs."""

    start: datetime.time
    slutt: datetime.time
    oppgave: str
    trenger: int


def open_shifts(aktiviteter, *, today: datetime.date) -> dict[int, list[LedigVakt]]:
    """The shifts that still need people, per activity id, for the given activities that are
    coming and not cancelled: in one query for all of them (the rosters' own count,
    ``valg.selectors.vakter.ledige_plasser``). Only counts, never who signed up."""
    ids = [
        a.pk
        for a in aktiviteter
        if a.type in VAKTTYPER and a.dato >= today and a.status != Status.AVLYST
    ]
    result: dict[int, list[LedigVakt]] = {}
    for aktivitet_id, shifts in ledige_plasser(ids).items():
        needing = [LedigVakt(v.start, v.slutt, v.oppgave, free) for v, free in shifts if free]
        if needing:
            result[aktivitet_id] = needing
    return result


def by_month(aktiviteter) -> list[tuple[datetime.date, list[Aktivitet]]]:
    """The events grouped by month, in their order (the first of the month as its key)."""
    return [
        (month, list(items))
        for month, items in groupby(aktiviteter, key=lambda a: a.dato.replace(day=1))
    ]
