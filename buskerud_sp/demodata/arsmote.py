"""The annual meeting cycle in the demo: the cycle whose meetings were early this calendar year
done by most chapters (date, notice, meeting, report with a drafted text, new board members
and deputies elected, delegates), three delivering the report after the deadline and two with
steps missing; and the coming cycle (from October on) with its rules, a few dates and one
notice sent. All relative to today, like the rest of the demo.

Rows are written directly where the services would send mail (the notice to the members);
the coming cycle's rules go through ``oppsett_lagre``, which places the deadline and the county
meeting in next year's date plan. Idempotent: rows are found by their natural keys."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet, Status
from aktiviteter.arsmote.models import (
    Arsmelding,
    Arsmote,
    Arsmoteoppsett,
    Delegat,
    Valgt,
    valgperiode_slutt,
)
from aktiviteter.arsmote.services.syklus import aktuelt_aar, arsmoter_sikre, oppsett_lagre
from lokallag.models import Niva, Rolle, Verv
from medlemmer.models import Medlem

from .people import PERSONAS

# The personas' chapters are done in time, so their leaders see a finished cycle.
PERSONA_CHAPTERS = {"drammen", "gol"}
SENT_LEVERT = 3  # chapters whose report came after the deadline
MANGLER = 2  # chapters with steps missing: one without report and board, one not held


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _aar(today: datetime.date) -> tuple[int, int | None]:
    """The cycle done (meetings early this calendar year, or last year's in the first months)
    and the one the chapters prepare (from October on; none from April to September)."""
    done = today.year if today.month >= 4 else today.year - 1
    coming = aktuelt_aar(today)
    return done, coming if coming != done else None


def _draft(arsmote: Arsmote) -> str:
    """A report as the leader left it after editing the portal's draft."""
    chapter = arsmote.lokallag
    year = arsmote.aar - 1
    held = Aktivitet.objects.filter(enhet=chapter, dato__year=year, status=Status.AVHOLDT)
    members = Medlem.objects.filter(lokallag=chapter).aktive(datetime.date(year, 12, 31))
    return (
        f"Årsmelding for {chapter.navn} {year}\n\n"
        f"Styret har i {year} hatt {held.count()} registrerte aktiviteter i portalen. "
        f"Laget hadde {members.count()} medlemmer ved årsskiftet.\n\n"
        "Styret takker medlemmene for innsatsen i året som gikk."
    )


# Half the board is up for election each year: the meeting re-elects these offices' holders.
GJENVALGT = (Rolle.NESTLEDER, Rolle.KASSERER, Rolle.STYREMEDLEM)


def _elect(arsmote: Arsmote) -> int:
    """The meeting re-elects the holders of half the board's offices for two years: each old
    office ends the day before the meeting and a new one starts on the meeting day, as the
    election does (``Valgt`` keeps it with the meeting). The same people hold the offices
    before and after, so everything the rest of the demo reads of the offices stays true."""
    if arsmote.valgte.exists():  # loaded before
        return arsmote.valgte.count()
    day = arsmote.dato
    old = (
        Verv.objects.aktive(day)
        .filter(enhet=arsmote.lokallag, rolle__in=GJENVALGT, fra_dato__lt=day)
        .order_by("rolle", "pk")
    )
    made = 0
    for verv in old:
        Verv.objects.filter(pk=verv.pk).update(til_dato=day - datetime.timedelta(days=1))
        new = Verv.objects.create(
            medlem_id=verv.medlem_id,
            enhet=arsmote.lokallag,
            rolle=verv.rolle,
            fra_dato=day,
            til_dato=valgperiode_slutt(arsmote.aar, 2),
        )
        Valgt.objects.create(arsmote=arsmote, verv=new)
        made += 1
    return made


def _delegates(arsmote: Arsmote) -> int:
    officers = (
        Verv.objects.aktive(arsmote.dato)
        .filter(enhet=arsmote.lokallag, rolle__in=(Rolle.LEDER, Rolle.NESTLEDER))
        .order_by("rolle")
        .values_list("medlem_id", flat=True)
    )
    for order, medlem_id in enumerate(officers):
        Delegat.objects.get_or_create(
            arsmote=arsmote, medlem_id=medlem_id, defaults={"rekkefolge": order}
        )
    return len(officers)


def _done_cycle(aar: int, rng: random.Random) -> dict[str, int]:
    oppsett, _ = Arsmoteoppsett.objects.get_or_create(
        aar=aar, defaults={"frist": datetime.date(aar, 2, 28)}
    )
    frist = oppsett.frist
    arsmoter_sikre(aar)
    meetings = list(
        Arsmote.objects.for_aar(aar)
        .filter(lokallag__niva=Niva.LOKAL)
        .select_related("lokallag")
        .order_by("lokallag__navn")
    )
    others = [a for a in meetings if a.lokallag.slug not in PERSONA_CHAPTERS]
    picked = rng.sample(others, min(SENT_LEVERT + MANGLER, len(others)))
    late = {a.pk for a in picked[:SENT_LEVERT]}
    missing = [a.pk for a in picked[SENT_LEVERT:]]
    counts = {"elected": 0, "delegates": 0}
    for index, arsmote in enumerate(meetings):
        day = datetime.date(aar, 1, 15) + datetime.timedelta(days=(index * 3) % 40)
        arsmote.dato = day
        arsmote.klokkeslett = datetime.time(19)
        arsmote.sted = f"{arsmote.lokallag.kommune or arsmote.lokallag.navn} samfunnshus"
        arsmote.forslagsfrist = day - datetime.timedelta(days=7)
        arsmote.innkalling_sendt = _at(day - datetime.timedelta(days=20), 10)
        not_held = missing and arsmote.pk == missing[-1]
        arsmote.avholdt = None if not_held else _at(day, 21)
        board = arsmote.pk not in missing
        arsmote.styre_registrert = _at(day + datetime.timedelta(days=1), 12) if board else None
        arsmote.save()
        if arsmote.pk in missing:
            continue
        levert = day + datetime.timedelta(days=2)
        if arsmote.pk in late:
            levert = frist + datetime.timedelta(days=3 + index % 7)
        Arsmelding.objects.update_or_create(
            arsmote=arsmote, defaults={"tekst": _draft(arsmote), "levert": _at(levert, 12)}
        )
        counts["elected"] += _elect(arsmote)
        counts["delegates"] += _delegates(arsmote)
    county = Arsmote.objects.filter(aar=aar, lokallag__niva=Niva.FYLKE).first()
    if county is not None:
        county.dato, county.sted = datetime.date(aar, 3, 14), "Thon Hotel Oslo Airport"
        county.save()
    return counts


def _coming_cycle(aar: int, today: datetime.date) -> int:
    """Next year's rules with a few dates set and one notice sent."""
    if Arsmoteoppsett.objects.filter(aar=aar).exists():  # loaded before, or set by an admin
        dated = Arsmote.objects.for_aar(aar).filter(dato__isnull=False)
        return dated.filter(lokallag__niva=Niva.LOKAL).count()
    admin = get_user_model().objects.get(email=next(p.email for p in PERSONAS if p.is_admin))
    oppsett_lagre(
        oppsett=Arsmoteoppsett(aar=aar, frist=datetime.date(aar, 2, 28)),
        bruker=admin,
        fylkesarsmote_dato=datetime.date(aar, 3, 13),
        fylkesarsmote_sted="Thon Hotel Oslo Airport",
    )
    meetings = list(
        Arsmote.objects.for_aar(aar)
        .filter(lokallag__niva=Niva.LOKAL)
        .exclude(lokallag__slug__in=PERSONA_CHAPTERS)
        .select_related("lokallag")
        .order_by("lokallag__navn")[:4]
    )
    for index, arsmote in enumerate(meetings):
        arsmote.dato = datetime.date(aar, 1, 20) + datetime.timedelta(days=index * 7)
        arsmote.klokkeslett = datetime.time(19)
        arsmote.sted = f"{arsmote.lokallag.kommune or arsmote.lokallag.navn} samfunnshus"
        if index == 0:
            arsmote.forslagsfrist = arsmote.dato - datetime.timedelta(days=10)
            arsmote.innkalling_sendt = _at(today - datetime.timedelta(days=2), 10)
        arsmote.save()
    return len(meetings)


@transaction.atomic
def load_arsmote(*, seed: int = 2024) -> dict[str, int]:
    rng = random.Random(seed)
    today = timezone.localdate()
    done, coming = _aar(today)
    counts = _done_cycle(done, rng)
    dates = _coming_cycle(coming, today) if coming else 0
    return {
        "årsmøter": Arsmote.objects.count(),
        "valgte": counts["elected"],
        "delegater": counts["delegates"],
        "datoer_neste_år": dates,
    }
