"""What the cycle's pages read: each meeting's progress through the steps, and the county's
overview of every chapter (a fixed number of queries however many chapters there are)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktiviteter.arsmote.models import Arsmote, Arsmoteoppsett

# The steps of a chapter's cycle, in order: (key, label).
STEG = (
    ("dato", _("Dato satt")),
    ("innkalling", _("Innkalling sendt")),
    ("holdt", _("Møtet holdt")),
    ("arsmelding", _("Årsmelding levert")),
    ("styre", _("Nytt styre registrert")),
)


def _day(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(value) if value is not None else None


@dataclass(frozen=True)
class Framdrift:
    """One meeting's progress, judged against the year's deadline."""

    arsmote: Arsmote
    frist: datetime.date | None
    arsmelding_levert: datetime.datetime | None
    today: datetime.date

    @property
    def steg(self) -> dict[str, bool]:
        a = self.arsmote
        return {
            "dato": a.dato is not None,
            "innkalling": a.innkalling_sendt is not None,
            "holdt": a.er_holdt,
            "arsmelding": self.arsmelding_levert is not None,
            "styre": a.styre_registrert is not None,
        }

    @property
    def liste(self) -> list[tuple[str, str, bool]]:
        done = self.steg
        return [(key, str(label), done[key]) for key, label in STEG]

    @property
    def ferdig(self) -> bool:
        return all(self.steg.values())

    @property
    def i_tide(self) -> bool:
        """Held, report delivered and board registered by the deadline (the dashboard's
        target). The county's own meeting is judged by its own date."""
        a = self.arsmote
        frist = self.frist if not a.lokallag.er_fylkeslag else a.dato
        if frist is None or not self.ferdig or a.dato is None:
            return False
        return (
            a.dato <= frist
            and _day(self.arsmelding_levert) <= frist
            and _day(a.styre_registrert) <= frist
        )

    @property
    def neste_steg(self) -> str:
        for key, label, done in self.liste:
            if not done:
                return label if key != "holdt" else str(_("Møtet holdes"))
        return str(_("Ferdig"))

    @property
    def ligger_etter(self) -> bool:
        """Behind: the deadline is past and a step is missing, or the date is not set four
        weeks before the deadline, or the notice has not gone out by its last day."""
        if self.ferdig or self.frist is None or self.arsmote.lokallag.er_fylkeslag:
            return False
        if self.today > self.frist:
            return True
        a = self.arsmote
        if a.dato is None:
            return self.today > self.frist - datetime.timedelta(weeks=4)
        return False

    @property
    def status(self) -> str:
        if self.ferdig:
            return "i_tide" if self.i_tide else "ferdig_sent"
        return "etter" if self.ligger_etter else "i_gang"


def framdrift_for(arsmoter, oppsett: Arsmoteoppsett | None, today=None) -> list[Framdrift]:
    today = today or timezone.localdate()
    frist = oppsett.frist if oppsett else None
    rows = arsmoter.select_related("lokallag", "lokallag__distrikt").annotate(
        _levert=F("arsmelding__levert")
    )
    return [Framdrift(a, frist, a._levert, today) for a in rows]


def framdrift(arsmote: Arsmote) -> Framdrift:
    oppsett = Arsmoteoppsett.objects.for_aar(arsmote.aar)
    return framdrift_for(Arsmote.objects.filter(pk=arsmote.pk), oppsett)[0]


@dataclass(frozen=True)
class Oversikt:
    aar: int
    oppsett: Arsmoteoppsett | None
    rader: list[Framdrift]

    @property
    def lokallag(self) -> list[Framdrift]:
        return [r for r in self.rader if not r.arsmote.lokallag.er_fylkeslag]

    @property
    def fylket(self) -> Framdrift | None:
        return next((r for r in self.rader if r.arsmote.lokallag.er_fylkeslag), None)

    @property
    def tellinger(self) -> list[tuple[str, str, int]]:
        chapters = self.lokallag
        return [(key, str(label), sum(1 for r in chapters if r.steg[key])) for key, label in STEG]

    @property
    def i_tide(self) -> int:
        return sum(1 for r in self.lokallag if r.i_tide)

    @property
    def etter(self) -> int:
        return sum(1 for r in self.lokallag if r.ligger_etter)


def oversikt(user, aar: int) -> Oversikt:
    oppsett = Arsmoteoppsett.objects.for_aar(aar)
    meetings = (
        Arsmote.objects.visible_to(user).for_aar(aar).order_by("lokallag__niva", "lokallag__navn")
    )
    return Oversikt(aar, oppsett, framdrift_for(meetings, oppsett))
