"""A rule in words, for the rules page: «mandag kl. 18:00, 1 dag før møtet»."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aktiviteter.paaminnelser.models import UKEDAGER, Paaminnelsesregel, Regeltype

R = Regeltype
AFTER_RULES = frozenset(
    {R.TIRSDAG_ANTALL, R.TIRSDAG_ANTALL_PURRING, R.LEDERMOTE_OPPMOTE, R.DATOPLAN_FORFALT}
)
TUESDAY_RULES = frozenset(
    {R.TIRSDAG_KVELDEN_FOR, R.TIRSDAG_MORGEN, R.TIRSDAG_ANTALL, R.TIRSDAG_ANTALL_PURRING}
)


def _days(n: int) -> str:
    return ngettext("%(n)s dag", "%(n)s dager", n) % {"n": n}


def _weekday(n: int | None) -> str:
    return str(dict(UKEDAGER).get(n, ""))


def regelbeskrivelse(regel: Paaminnelsesregel, tirsdag: Paaminnelsesregel | None = None) -> str:
    time = regel.klokkeslett.strftime("%H:%M")
    key = regel.nokkel
    if key == R.TIRSDAGSMOTE:
        text = _("Hver %(dag)s kl. %(tid)s") % {"dag": _weekday(regel.ukedag), "tid": time}
    elif key == R.LEDERMOTE_OPPRETT:
        text = _(
            "Opprettes ved kvartalets start, omtrent %(dager)s inn i kvartalet, på en %(dag)s kl. %(tid)s"
        ) % {
            "dager": _days(regel.dager),
            "dag": _weekday(regel.ukedag),
            "tid": time,
        }
    elif key == R.UKESAMMENDRAG:
        text = _("Hver %(dag)s kl. %(tid)s") % {"dag": _weekday(regel.ukedag), "tid": time}
    elif key == R.ARSMOTE_PURRING:
        text = _(
            "%(dager)s før fristen for lokallagenes årsmøter kl. %(tid)s, og igjen på fristdagen, "
            "til lagene som ligger etter"
        ) % {"dager": _days(regel.dager), "tid": time}
    elif key == R.VALGKAMP_PURRING:
        text = _(
            "%(dager)s før fristen for hvert valgkampmål kl. %(tid)s, til lagene som ligger "
            "etter med målet"
        ) % {"dager": _days(regel.dager), "tid": time}
    elif key == R.HALVAARSREGEL:
        text = _("1. mai og 1. november kl. %(tid)s") % {"tid": time}
    elif key in AFTER_RULES:
        text = _("%(dager)s etter, kl. %(tid)s") % {"dager": _days(-regel.dager), "tid": time}
        if regel.dager == 0:
            text = _("Samme dag, etter møtet, kl. %(tid)s") % {"tid": time}
    else:
        text = _("%(dager)s før, kl. %(tid)s") % {"dager": _days(regel.dager), "tid": time}
        if regel.dager == 0:
            text = _("Samme dag kl. %(tid)s") % {"tid": time}
    if key in TUESDAY_RULES and tirsdag is not None and tirsdag.ukedag is not None:
        text = f"{_weekday((tirsdag.ukedag - regel.dager) % 7).capitalize()}: {text}"
    if regel.mottakere:
        text += " · " + str(regel.get_mottakere_display())
    if regel.pause_fra or regel.pause_til:
        parts = [date_format(d, "j. F Y") if d else "…" for d in (regel.pause_fra, regel.pause_til)]
        text += " · " + _("pause %(fra)s–%(til)s") % {"fra": parts[0], "til": parts[1]}
    if regel.hopp_over_helligdager and key == R.TIRSDAGSMOTE:
        text += " · " + _("ikke på helligdager")
    elif regel.hopp_over_helligdager and key != R.LEDERMOTE_OPPRETT:
        text += " · " + _("helligdager: neste virkedag")
    return text
