"""Planning: which reminders are due now, read from the rules and the database on every tick.

Nothing is queued ahead: a reminder row is made when its time has come (and at most
``GRACE`` late, so that a portal that was down does not send yesterday's reminders), and the
unique constraint on (kind, occasion, recipient) makes planning twice harmless. The occasion
key holds the date, so a moved meeting or item is reminded again for its new date.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Aktivitetstype, Status
from aktiviteter.aktivitet.selectors import fylkesstyremote_holdt_ute
from aktiviteter.aktivitet.services.ledermote import ledermote_opprett
from aktiviteter.datoplan.models import Datoplanpunkt
from aktiviteter.paaminnelser.models import Art, Paaminnelse, Paaminnelsesregel, Regeltype
from aktiviteter.paaminnelser.services import sending
from aktiviteter.paaminnelser.services.mottakere import mottakere_for
from buskerud_sp.core.periods import quarter
from lokallag.models import Lokallag, Niva

R = Regeltype
T = Aktivitetstype
GRACE = datetime.timedelta(hours=12)


@dataclass(frozen=True)
class Anledning:
    regel: Paaminnelsesregel
    art: str
    nokkel: str
    aktivitet: Aktivitet | None = None
    punkt: Datoplanpunkt | None = None
    # Only the recipients in these chapters (a reminder about one chapter's own business, e.g.
    # its annual meeting); None: the rule's whole group, as for every other rule.
    lokallag_ids: frozenset[int] | None = None
    # Explicit recipients, each with its channel (a higher slice's occasion about given
    # members: the welcome to a new member, the day-before reminder to those who answered yes
    # to an invitation): the rule's group is then not asked.
    medlemmer: tuple[tuple[int, str], ...] | None = None


def _as_datetime(value: datetime.datetime | datetime.date) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.combine(
        value, datetime.time(0), tzinfo=timezone.get_default_timezone()
    )


def _due(
    send_at: datetime.datetime,
    naa: datetime.datetime,
    *,
    deadline: datetime.datetime | None = None,
    grace: datetime.timedelta | None = GRACE,
) -> bool:
    if send_at > naa:
        return False
    if grace is not None and naa - send_at >= grace:
        return False
    return deadline is None or naa < deadline


# The longest run of days off a send day can be moved over (24.-26.12; Easter's Thursday and
# Friday; 31.12.-1.1.), plus a day: occasions that far back may be due today.
FLYTTET_INNTIL = datetime.timedelta(days=4)


def _occasion_days(regel: Paaminnelsesregel, naa: datetime.datetime) -> tuple:
    """Occasion dates whose reminder falls today or yesterday (within the grace), or was
    moved to today from days off (``Paaminnelsesregel.tidspunkt``)."""
    today = timezone.localdate(naa)
    return (
        today + datetime.timedelta(days=regel.dager - 1) - FLYTTET_INNTIL,
        today + datetime.timedelta(days=regel.dager),
    )


class Kandidater:
    """The planned county meetings and date-plan items any rule could be due for now, read
    once per run (every tick runs the planner, so it must be cheap)."""

    def __init__(self, regler: dict[str, Paaminnelsesregel], naa: datetime.datetime):
        today = timezone.localdate(naa)
        self.call_rule = regler[R.TIRSDAGSMOTE]
        lead = [r.dager for r in regler.values()]
        first = today + datetime.timedelta(days=min(lead) - 1) - FLYTTET_INNTIL
        last = today + datetime.timedelta(days=max(lead))
        self.meetings = list(
            Aktivitet.objects.filter(
                type__in=[T.TIRSDAGSMOTE, T.LOKALLAGSLEDERMOTE],
                status=Status.PLANLAGT,
                enhet__niva=Niva.FYLKE,
                dato__range=(first, last),
            )
            .select_related("vertslag")
            .order_by()
        )
        self.items = list(
            Datoplanpunkt.objects.planlagte()
            .filter(fra_dato__range=(first, last))
            .select_related("ansvarlig_person", "ansvarlig_enhet")
            .order_by()
        )

    def meetings_for(self, typ: str, regel, naa, *, late: bool = False) -> Iterator[Aktivitet]:
        """Planned county meetings of a type whose reminder day has come (with ``late``: or
        has passed, for meetings still ahead); held and cancelled meetings get no reminders
        (registering the count marks a meeting held)."""
        first, last = _occasion_days(regel, naa)
        if late:
            first = timezone.localdate(naa)
        for meeting in self.meetings:
            if (
                meeting.type == typ
                and first <= meeting.dato <= last
                and regel.gjelder(meeting.dato)
                # A call the rhythm does not hold (pause, day off) gets nothing, even before
                # the nightly job has marked it cancelled (a rule saved another way).
                and not (typ == T.TIRSDAGSMOTE and self.call_rule.avlyses_fordi(meeting.dato))
            ):
                yield meeting

    def items_for(self, regel, naa) -> Iterator[Datoplanpunkt]:
        first, last = _occasion_days(regel, naa)
        for punkt in self.items:
            if first <= punkt.fra_dato <= last and regel.gjelder(punkt.fra_dato):
                yield punkt


def _before(typ: str, art: str, *, late: bool = False) -> Callable:
    """Before the meeting. With ``late`` (invitations), a meeting made after the lead time
    has started is announced at once rather than never."""

    def source(regel, naa, kandidater: Kandidater) -> Iterator[Anledning]:
        for meeting in kandidater.meetings_for(typ, regel, naa, late=late):
            send_at = regel.tidspunkt(meeting.dato)
            deadline = _as_datetime(meeting.starter())
            if _due(send_at, naa, deadline=deadline, grace=None if late else GRACE):
                key = f"aktivitet-{meeting.pk}-{meeting.dato}-{regel.nokkel}"
                yield Anledning(regel, art, key, aktivitet=meeting)

    return source


def _after(typ: str, art: str) -> Callable:
    """After the meeting: never before it has ended, whatever the rule's time says."""

    def source(regel, naa, kandidater: Kandidater) -> Iterator[Anledning]:
        for meeting in kandidater.meetings_for(typ, regel, naa):
            send_at = max(regel.tidspunkt(meeting.dato), _as_datetime(meeting.slutter()))
            if _due(send_at, naa):
                key = f"aktivitet-{meeting.pk}-{meeting.dato}-{regel.nokkel}"
                yield Anledning(regel, art, key, aktivitet=meeting)

    return source


def _datoplan_frist(regel, naa, kandidater: Kandidater) -> Iterator[Anledning]:
    for punkt in kandidater.items_for(regel, naa):
        if _due(regel.tidspunkt(punkt.fra_dato), naa, deadline=_as_datetime(punkt.fra_dato)):
            key = f"punkt-{punkt.pk}-{punkt.fra_dato}-{regel.nokkel}"
            yield Anledning(regel, Art.DATOPLAN_FRIST, key, punkt=punkt)


def _datoplan_forfalt(regel, naa, kandidater=None) -> Iterator[Anledning]:
    """Planned items past their last day: flagged once to the admins, however late."""
    today = timezone.localdate(naa)
    items = Datoplanpunkt.objects.forfalt(today).filter(
        slutt__lte=today + datetime.timedelta(days=regel.dager), plan__aar__gte=today.year - 1
    )
    for punkt in items:
        if regel.gjelder(punkt.slutt_dato) and _due(
            regel.tidspunkt(punkt.slutt_dato), naa, grace=None
        ):
            key = f"punkt-{punkt.pk}-{punkt.slutt_dato}-forfalt"
            yield Anledning(regel, Art.DATOPLAN_FORFALT, key, punkt=punkt)


def _halvaarsregel(regel, naa, kandidater=None) -> Iterator[Anledning]:
    """On 1 May and 1 November: no county board meeting held out in a chapter yet?"""
    today = timezone.localdate(naa)
    for month, half in ((5, 1), (11, 2)):
        day = datetime.date(today.year, month, 1)
        if not regel.gjelder(day) or not _due(
            regel.tidspunkt(day), naa, grace=datetime.timedelta(days=2)
        ):
            continue
        if not fylkesstyremote_holdt_ute(today):
            yield Anledning(regel, Art.HALVAARSREGEL, f"{today.year}-H{half}")


def _ukesammendrag(regel, naa, kandidater=None) -> Iterator[Anledning]:
    today = timezone.localdate(naa)
    weekday = regel.ukedag if regel.ukedag is not None else 0
    day = today - datetime.timedelta(days=(today.weekday() - weekday) % 7)
    if regel.gjelder(day) and _due(regel.tidspunkt(day), naa):
        year, week, _ = day.isocalendar()
        yield Anledning(regel, Art.UKESAMMENDRAG, f"uke-{year}-{week:02d}")


SOURCES: dict[str, Callable[..., Iterator[Anledning]]] = {
    R.TIRSDAG_KVELDEN_FOR: _before(T.TIRSDAGSMOTE, Art.TIRSDAG_PAAMINNELSE),
    R.TIRSDAG_MORGEN: _before(T.TIRSDAGSMOTE, Art.TIRSDAG_PAAMINNELSE),
    R.TIRSDAG_ANTALL: _after(T.TIRSDAGSMOTE, Art.TIRSDAG_ANTALL),
    R.TIRSDAG_ANTALL_PURRING: _after(T.TIRSDAGSMOTE, Art.TIRSDAG_ANTALL),
    R.LEDERMOTE_INVITASJON: _before(T.LOKALLAGSLEDERMOTE, Art.LEDERMOTE_INVITASJON, late=True),
    R.LEDERMOTE_PAAMINNELSE: _before(T.LOKALLAGSLEDERMOTE, Art.LEDERMOTE_PAAMINNELSE),
    R.LEDERMOTE_OPPMOTE: _after(T.LOKALLAGSLEDERMOTE, Art.LEDERMOTE_OPPMOTE),
    R.DATOPLAN_FRIST_1: _datoplan_frist,
    R.DATOPLAN_FRIST_2: _datoplan_frist,
    R.DATOPLAN_FORFALT: _datoplan_forfalt,
    R.HALVAARSREGEL: _halvaarsregel,
    R.UKESAMMENDRAG: _ukesammendrag,
}


def registrer_kilde(regeltype: str, source: Callable[..., Iterator[Anledning]]) -> None:
    """A higher slice (the annual meeting cycle) adds the occasions of its own rule, from
    ``AktiviteterConfig.ready``; the planner then makes their rows like every other rule's."""
    SOURCES[regeltype] = source


def ledermote_dato(regel: Paaminnelsesregel, dato: datetime.date) -> datetime.date:
    """The day of the quarter's meeting: ``dager`` after the quarter starts, on the rule's
    weekday, and inside the quarter."""
    first, last = quarter(dato)
    day = first + datetime.timedelta(days=regel.dager)
    if regel.ukedag is not None:
        day += datetime.timedelta(days=(regel.ukedag - day.weekday()) % 7)
    while day > last:
        day -= datetime.timedelta(weeks=1)
    return max(day, first)


def ledermote_sikre(*, regel: Paaminnelsesregel, naa: datetime.datetime) -> Aktivitet | None:
    """The quarter's chapter leaders' meeting exists (made by the activity slice's
    ``ledermote_opprett``), unless an admin already made one (held, planned or cancelled) or
    its day has passed. Returns the meeting it made."""
    today = timezone.localdate(naa)
    first, _last = quarter(today)
    if not regel.gjelder(first) or ledermote_dato(regel, today) <= today:
        return None
    county = Lokallag.objects.fylkeslag().first()
    if county is None:
        return None
    day = ledermote_dato(regel, today)
    with transaction.atomic():
        # The rule row orders concurrent planners (PostgreSQL); the check runs under the lock.
        Paaminnelsesregel.objects.select_for_update().filter(pk=regel.pk).exists()
        return ledermote_opprett(
            county=county, dato=day, klokkeslett=regel.klokkeslett, sted=regel.tekst
        )


def _create(anledning: Anledning) -> int:
    if Paaminnelse.objects.filter(art=anledning.art, anledning=anledning.nokkel).exists():
        return 0
    if anledning.medlemmer is not None:
        rows = [
            Paaminnelse(
                art=anledning.art,
                anledning=anledning.nokkel,
                aktivitet=anledning.aktivitet,
                punkt=anledning.punkt,
                mottaker_id=pk,
                kanal=kanal,
            )
            for pk, kanal in anledning.medlemmer
        ]
        Paaminnelse.objects.bulk_create(rows, ignore_conflicts=True)
        return len(rows)
    recipients = mottakere_for(
        anledning.regel.mottakere,
        anledning.art,
        aktivitet=anledning.aktivitet,
        punkt=anledning.punkt,
        lokallag_ids=anledning.lokallag_ids,
    )
    common = {
        "art": anledning.art,
        "anledning": anledning.nokkel,
        "aktivitet": anledning.aktivitet,
        "punkt": anledning.punkt,
    }
    rows = [Paaminnelse(mottaker_id=pk, **common) for pk in sorted(recipients.medlem_ids)]
    rows += [Paaminnelse(mottaker_bruker_id=pk, **common) for pk in sorted(recipients.bruker_ids)]
    Paaminnelse.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def paaminnelser_planlegg(*, naa: datetime.datetime | None = None) -> int:
    """Make the rows of every reminder that is due now; returns how many were made."""
    naa = naa or timezone.now()
    regler = Paaminnelsesregel.objects.sikre_standard()
    ledermote_sikre(regel=regler[R.LEDERMOTE_OPPRETT], naa=naa)
    created = 0
    kandidater = Kandidater(regler, naa)
    with transaction.atomic():
        for key, source in SOURCES.items():
            regel = regler[key]
            if regel.aktiv:
                created += sum(_create(a) for a in source(regel, naa, kandidater))
        if created:  # enough sender jobs for the rows (a big reminder fans out)
            transaction.on_commit(
                functools.partial(sending.sender_snart_etter_commit, created), robust=True
            )
    return created
