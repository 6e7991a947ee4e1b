"""The kinds of activity and what each holds: types, categories, statuses, which fields a
type's form shows, and the duration arithmetic of course hours."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.db.models.functions import ExtractHour, ExtractMinute
from django.utils.translation import gettext_lazy as _


class Kategori(models.TextChoices):
    MOTE = "mote", _("Møter")
    VALGKAMP = "valgkamp", _("Valgkamp")
    STUDIER = "studier", _("Studiearbeid")


class Aktivitetstype(models.TextChoices):
    STYREMOTE = "styremote", _("Styremøte")
    FYLKESSTYREMOTE = "fylkesstyremote", _("Fylkesstyremøte")
    LOKALLAGSLEDERMOTE = "lokallagsledermote", _("Lokallagsledermøte")
    TIRSDAGSMOTE = "tirsdagsmote", _("Tirsdagsmøte")
    FOLKEMOTE = "folkemote", _("Folkemøte")
    FOLKEMOTE_PA_NETT = "folkemote_nett", _("Folkemøte på Nett")
    TEMAMOTE = "temamote", _("Temamøte")
    LOKALMEDIA = "lokalmedia", _("Møte med lokalmedia")
    ADHOC_MOTE = "adhoc", _("AdHoc-gruppemøte")
    MEDLEMSMOTE = "medlemsmote", _("Medlemsmøte / medlemsaktivitet")
    STAND = "stand", _("Stand")
    VALGTORG = "valgtorg", _("Valgtorg på skole")
    DOR_TIL_DOR = "dor_til_dor", _("Dør-til-dør")
    REISERUNDE = "reiserunde", _("Toppkandidatbesøk (reiserunde)")
    VALGKAMPAPNING = "valgkampapning", _("Valgkampåpning")
    KANDIDATSKOLERING = "kandidatskolering", _("Kandidatskolering")
    MEDIEKURS = "mediekurs", _("Kurs i mediearbeid")
    STUDIESAMLING = "studiesamling", _("Studiesamling")


T = Aktivitetstype

VALGKAMPTYPER = (
    T.STAND,
    T.VALGTORG,
    T.DOR_TIL_DOR,
    T.REISERUNDE,
    T.VALGKAMPAPNING,
    T.KANDIDATSKOLERING,
    T.MEDIEKURS,
)
KATEGORI_FOR_TYPE: dict[str, str] = {
    **dict.fromkeys(VALGKAMPTYPER, Kategori.VALGKAMP),
    T.STUDIESAMLING: Kategori.STUDIER,
}

# Types only the county holds, and types only a chapter holds.
FYLKESTYPER = frozenset({T.FYLKESSTYREMOTE, T.LOKALLAGSLEDERMOTE, T.TIRSDAGSMOTE})
LOKALTYPER = frozenset({T.STYREMOTE})
# Registered elsewhere: study sessions on their course, AdHoc meetings on their group.
EGNE_SKJEMA = frozenset({T.STUDIESAMLING})

# The county's internal work; the county's other activities (Tuesday calls, leader meetings,
# public meetings, campaign openings, training) concern every chapter and their officers see them.
INTERNE_TYPER = frozenset({T.FYLKESSTYREMOTE, T.ADHOC_MOTE, T.STYREMOTE, T.STUDIESAMLING})

# Open to the public: an activity of these types may be marked ``offentlig`` and then shows in
# the public calendar (/arrangementer/). The registration form ticks it for the types that are
# open by nature (``APNE_TYPER``); member meetings only when the officer marks them open.
OFFENTLIGE_TYPER = frozenset(
    {
        T.FOLKEMOTE,
        T.FOLKEMOTE_PA_NETT,
        T.TEMAMOTE,
        T.MEDLEMSMOTE,
        T.STAND,
        T.VALGTORG,
        T.REISERUNDE,
        T.VALGKAMPAPNING,
    }
)
APNE_TYPER = frozenset({T.FOLKEMOTE, T.FOLKEMOTE_PA_NETT, T.STAND, T.VALGKAMPAPNING})

# Campaign activities that take a roster of shifts (``valg.Vakt``) members sign up for.
VAKTTYPER = frozenset({T.STAND, T.VALGTORG, T.DOR_TIL_DOR, T.VALGKAMPAPNING})

# Online by nature: a link or phone number instead of a place.
DIGITALE_TYPER = frozenset({T.TIRSDAGSMOTE, T.FOLKEMOTE_PA_NETT})

# The optional fields each type shows in the registration form (the common ones always show).
_OPEN = {"deltakerantall"}
_NAMED = {"deltakere"}
_CAMPAIGN = {"ansvarlig", "deltakerantall", "deltakere"}
FELT_FOR_TYPE: dict[str, frozenset[str]] = {
    T.STYREMOTE: frozenset(_NAMED),
    T.FYLKESSTYREMOTE: frozenset(_NAMED | {"vertslag", "kombinert_med_temamote"}),
    T.LOKALLAGSLEDERMOTE: frozenset(_NAMED | _OPEN),
    T.TIRSDAGSMOTE: frozenset(_OPEN | _NAMED | {"vertslag"}),
    T.FOLKEMOTE: frozenset(_OPEN),
    T.FOLKEMOTE_PA_NETT: frozenset(_OPEN),
    T.TEMAMOTE: frozenset(_OPEN | _NAMED),
    T.LOKALMEDIA: frozenset(_NAMED),
    T.ADHOC_MOTE: frozenset(_NAMED | {"adhoc_gruppe"}),
    T.MEDLEMSMOTE: frozenset(_OPEN | _NAMED),
    **dict.fromkeys(VALGKAMPTYPER, frozenset(_CAMPAIGN)),
    T.STUDIESAMLING: frozenset(),
}


class Status(models.TextChoices):
    PLANLAGT = "planlagt", _("Planlagt")
    AVHOLDT = "avholdt", _("Avholdt")
    AVLYST = "avlyst", _("Avlyst")


class AvlystGrunn(models.TextChoices):
    """Why the rhythm itself cancelled a call (empty: a person cancelled it, or it is not
    cancelled). Only such calls come back when the pause or the holiday rule is lifted."""

    PAUSE = "pause", _("pause i møterytmen")
    HELLIGDAG = "helligdag", _("helligdag")


def minutes_between(start: datetime.time | None, end: datetime.time | None) -> int | None:
    if start is None or end is None:
        return None
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


_DURATION_MINUTES = (ExtractHour("sluttid") * 60 + ExtractMinute("sluttid")) - (
    ExtractHour("starttid") * 60 + ExtractMinute("starttid")
)


def kurstimer(minutter: int | None) -> Decimal:
    """Minutes as course hours of 60 minutes, to two decimals."""
    return (Decimal(minutter or 0) / 60).quantize(Decimal("0.01"))
