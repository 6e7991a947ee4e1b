"""The county's follow-up of the cycle, outside the cycle's own pages: the warnings on the
board's follow-up pages, the chapter officers' «Venter på deg» items, and the reminders to
the leaders of chapters behind (the planner's source and the mail's content).

The lower layers show these without importing this slice: ``AktiviteterConfig.ready``
registers ``varsler_for_lag`` with ``lokallag.providers``, ``purring_anledninger`` with the
planner and ``purring_innhold`` with the mails' content; ``aktiviteter.gjoremal`` (outside the
slices) reads ``gjoremal_for``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.arsmote.models import Arsmote, Arsmoteoppsett
from aktiviteter.arsmote.selectors import Framdrift, framdrift_for
from aktiviteter.arsmote.services.syklus import aktuelt_aar
from aktiviteter.paaminnelser.models import Art, Paaminnelse, Paaminnelsesregel
from aktiviteter.paaminnelser.services.innhold import Hopp
from aktiviteter.paaminnelser.services.planlegging import GRACE, Anledning
from buskerud_sp.core.access import access_for
from lokallag.models import Niva

# «Venter på deg»: the date is due this long before the deadline, and the notice this long
# before its last day.
DATO_FORFALLER = datetime.timedelta(weeks=6)
INNKALLING_FORFALLER = datetime.timedelta(days=7)


# --- The board's follow-up pages -----------------------------------------------------------


def varsler_for_lag(chapter_ids: Iterable[int], today: datetime.date) -> dict[int, list[tuple]]:
    """``{chapter id: [(text, url)]}`` for the chapters behind in the current cycle (the
    follow-up pages' warnings; two queries)."""
    aar = aktuelt_aar(today)
    oppsett = Arsmoteoppsett.objects.for_aar(aar)
    if oppsett is None:
        return {}
    meetings = Arsmote.objects.for_aar(aar).filter(lokallag_id__in=list(chapter_ids))
    return {
        r.arsmote.lokallag_id: [
            (
                _("Årsmøtet %(aar)s ligger etter (neste steg: %(steg)s)")
                % {"aar": aar, "steg": r.neste_steg.lower()},
                r.arsmote.get_absolute_url(),
            )
        ]
        for r in framdrift_for(meetings, oppsett, today)
        if r.ligger_etter
    }


# --- «Venter på deg» ----------------------------------------------------------------------


@dataclass(frozen=True)
class Forfall:
    """The cycle's next step that is due for one meeting."""

    arsmote: Arsmote
    tekst: str
    dato: datetime.date | None


def forfalt_steg(r: Framdrift, oppsett: Arsmoteoppsett, today: datetime.date) -> Forfall | None:
    """The first step due now, or None: the date when the deadline is six weeks off, the
    notice when its last day is a week off, the report and the board once the meeting's day
    has come."""
    a = r.arsmote
    done = r.steg
    if not done["dato"]:
        if today >= oppsett.frist - DATO_FORFALLER:
            return Forfall(a, _("Sett dato for årsmøtet"), oppsett.frist)
        return None
    met = a.er_holdt or a.dato <= today
    if not done["innkalling"] and not met:
        last = a.siste_innkallingsdag(oppsett.varsel_dager)
        if today >= last - INNKALLING_FORFALLER:
            return Forfall(a, _("Send innkallingen"), last)
        return None
    if not met:
        return None
    if not done["arsmelding"]:
        return Forfall(a, _("Lever årsmeldingen til fylket"), a.dato)
    if not done["styre"]:
        return Forfall(a, _("Registrer det nye styret"), a.dato)
    return None


def gjoremal_for(user, *, lokallag=None, today: datetime.date | None = None) -> list[Forfall]:
    """The due steps of the current cycle in the chapters where ``user`` holds an office
    (two queries)."""
    today = today or timezone.localdate()
    ids = access_for(user).officer_chapter_ids
    if not ids:
        return []
    aar = aktuelt_aar(today)
    oppsett = Arsmoteoppsett.objects.for_aar(aar)
    if oppsett is None:
        return []
    meetings = Arsmote.objects.for_aar(aar).filter(lokallag_id__in=ids, lokallag__niva=Niva.LOKAL)
    if lokallag is not None:
        meetings = meetings.filter(lokallag=lokallag)
    items = (forfalt_steg(r, oppsett, today) for r in framdrift_for(meetings, oppsett, today))
    return [item for item in items if item is not None]


# --- Reminders to the leaders of chapters behind -------------------------------------------


def _at(day: datetime.date, regel: Paaminnelsesregel) -> datetime.datetime:
    return datetime.datetime.combine(day, regel.klokkeslett, tzinfo=timezone.get_default_timezone())


def _runder(
    regel: Paaminnelsesregel, oppsett: Arsmoteoppsett
) -> list[tuple[str, datetime.datetime]]:
    """The reminder's two rounds for a cycle: ``dager`` before the deadline (a day off moves
    it to the next working day) and the deadline day itself, at the rule's time."""
    if not regel.gjelder(oppsett.frist):
        return []
    rounds = [("frist", _at(oppsett.frist, regel))]
    if regel.dager > 0:
        rounds.insert(0, ("purring", min(regel.tidspunkt(oppsett.frist), rounds[0][1])))
    return rounds


def purring_anledninger(
    regel: Paaminnelsesregel, naa: datetime.datetime, kandidater=None
) -> Iterator[Anledning]:
    """The planner's source for ``Regeltype.ARSMOTE_PURRING``: on the rule's day and again on
    the deadline day, one occasion per chapter behind or with a step missing, restricted to
    that chapter (its leaders, or its officers, per the rule's recipients). Made at most
    ``GRACE`` late, as every reminder; the occasion key holds the round, so each round makes
    one row per recipient however often the planner runs."""
    today = timezone.localdate(naa)
    # The cycles whose deadline can be near: this year's and (from October) next year's.
    for oppsett in Arsmoteoppsett.objects.filter(aar__in=(today.year, today.year + 1)):
        due = [name for name, at in _runder(regel, oppsett) if at <= naa and naa - at < GRACE]
        if not due:
            continue
        meetings = Arsmote.objects.for_aar(oppsett.aar).filter(
            lokallag__niva=Niva.LOKAL, lokallag__aktiv=True
        )
        behind = [
            r for r in framdrift_for(meetings, oppsett, today) if r.ligger_etter or not r.ferdig
        ]
        for name in due:
            for r in behind:
                yield Anledning(
                    regel,
                    Art.ARSMOTE_PURRING,
                    f"arsmote-{r.arsmote.pk}-{oppsett.frist}-{name}",
                    lokallag_ids=frozenset({r.arsmote.lokallag_id}),
                )


def arsmote_fra_anledning(anledning: str) -> int | None:
    """The meeting's id in an occasion key ``arsmote-<pk>-<deadline>-<round>``."""
    parts = anledning.split("-")
    if len(parts) < 2 or parts[0] != "arsmote" or not parts[1].isdigit():
        return None
    return int(parts[1])


def purring_innhold(row: Paaminnelse, felles: dict) -> dict | Hopp:
    """What is missing, as the meeting stands when the mail is sent, and the link to it."""
    pk = arsmote_fra_anledning(row.anledning)
    arsmote = Arsmote.objects.filter(pk=pk).select_related("lokallag").first()
    if arsmote is None:
        return Hopp(_("Årsmøtet finnes ikke lenger."))
    oppsett = felles.get(("arsmote_oppsett", arsmote.aar))
    if oppsett is None:
        oppsett = Arsmoteoppsett.objects.for_aar(arsmote.aar)
        felles[("arsmote_oppsett", arsmote.aar)] = oppsett
    if oppsett is None:
        return Hopp(_("Årets oppsett for årsmøtene finnes ikke lenger."))
    today = timezone.localdate()
    (r,) = framdrift_for(Arsmote.objects.filter(pk=arsmote.pk), oppsett, today)
    if r.ferdig:
        return Hopp(_("Alle stegene er gjort."))
    return {
        "arsmote": arsmote,
        "lokallag": arsmote.lokallag.navn,
        "aar": arsmote.aar,
        "frist": oppsett.frist,
        "fristdagen": row.anledning.endswith("-frist"),
        "dager_igjen": (oppsett.frist - today).days,
        "mangler": [label for _key, label, done in r.liste if not done],
        "arsmote_url": settings.SITE_URL + arsmote.get_absolute_url(),
    }
