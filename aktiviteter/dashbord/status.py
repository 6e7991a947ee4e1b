"""Whether a target is met, on track or behind. README.md («Dashbordet») states the rules.

*On track* is pro rata: a target that adds up through the year (new members, meetings,
study hours, chapters reached) is on track when it has reached at least the share of its goal
that matches the share of its time that has passed (from 1 January to its deadline, the
deadline or 31 December counted). On 1 July 2026, half-way (182 of 365 days), 25 of 50 new
members is on track and 24 is behind. A state (a share of women, offices held, social media)
cannot be behind schedule, only behind: it is met or it is behind. So is a ceiling («none
overdue» in the date plan): met while the value is at most the goal.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from aktiviteter.dashbord.base import Measurement
from aktiviteter.dashbord.models import Maal, Maalart, Periode, Terskelvurdering


class Tilstand(StrEnum):
    NAADD = "naadd"
    I_RUTE = "i_rute"
    BAK = "bak"
    IKKE_MAALT = "ikke_maalt"

    @property
    def label(self) -> str:
        return str(LABELS[self])

    @property
    def symbol(self) -> str:
        """A shape besides the colour, so the status reads without colour."""
        return SYMBOLS[self]


LABELS = {
    Tilstand.NAADD: _("Nådd"),
    Tilstand.I_RUTE: _("I rute"),
    Tilstand.BAK: _("Bak skjema"),
    Tilstand.IKKE_MAALT: _("Ikke målt"),
}
SYMBOLS = {Tilstand.NAADD: "✓", Tilstand.I_RUTE: "→", Tilstand.BAK: "!", Tilstand.IKKE_MAALT: "–"}


def comparison(maal: Maal, m: Measurement) -> Decimal | None:
    """What a growth target must beat: the baseline when set, otherwise last year."""
    return maal.grunnlinje if maal.grunnlinje is not None else m.last_year


def judge(maal: Maal, m: Measurement, fraction: float) -> Tilstand:
    """The status of a target, ``fraction`` of whose time has passed."""
    if not m.measurable or m.value is None:
        return Tilstand.IKKE_MAALT
    value = m.value
    goal = maal.maalverdi if maal.maalverdi is not None else Decimal(0)
    running = fraction < 1
    pro_rata = Decimal(str(round(fraction, 6)))
    cumulative = maal.spec.cumulative

    if maal.art == Maalart.TERSKEL and maal.vurdering != Terskelvurdering.SNITT:
        # «At least 30 every time» is met while every counted meeting reached the goal; a
        # meeting below it is a miss no later meeting undoes, so there is no «on track».
        return Tilstand.NAADD if m.reached == m.occurrences else Tilstand.BAK

    if maal.art == Maalart.TERSKEL:
        if value >= goal:
            return Tilstand.NAADD
        if m.rolling is not None and m.rolling >= goal:
            return Tilstand.I_RUTE
        return Tilstand.BAK

    if maal.art == Maalart.ANTALL and maal.periode != Periode.AAR:
        # Every half-year or quarter needs its own count; a period still running has time.
        if all(count >= goal for _label, count, _done in m.periods):
            return Tilstand.NAADD
        if all(count >= goal for _label, count, done in m.periods if done):
            return Tilstand.I_RUTE
        return Tilstand.BAK

    if maal.art == Maalart.VEKST:
        target = comparison(maal, m)
        if target is None:
            return Tilstand.IKKE_MAALT
        if value > target:
            return Tilstand.NAADD
        if running and value >= (target * pro_rata if cumulative else target):
            return Tilstand.I_RUTE
        return Tilstand.BAK

    if maal.art == Maalart.HOYST:
        # A ceiling (e.g. no overdue items in the date plan) is a state: met or behind.
        return Tilstand.NAADD if value <= goal else Tilstand.BAK

    # A count or level (ANTALL) and a coverage share (DEKNING).
    if value >= goal:
        return Tilstand.NAADD
    if running and cumulative and value >= goal * pro_rata:
        return Tilstand.I_RUTE
    return Tilstand.BAK


def expected_by_now(maal: Maal, m: Measurement, fraction: float) -> Decimal | None:
    """The pro-rata mark a cumulative target is held against today (None when not pro rata)."""
    if not maal.spec.cumulative or fraction >= 1 or maal.art == Maalart.TERSKEL:
        return None
    if maal.art == Maalart.ANTALL and maal.periode != Periode.AAR:
        return None
    base = comparison(maal, m) if maal.art == Maalart.VEKST else maal.maalverdi
    if base is None:
        return None
    return (base * Decimal(str(round(fraction, 6)))).quantize(Decimal("0.1"))
