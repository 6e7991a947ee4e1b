"""Writes that touch several rows: registering activities, sessions and calendar keys; the date
plan and its publication; the reminders' rules, planning and sending.

Views validate with forms, then call these; they re-check access and the rules, so a caller
that skips the form still cannot save what the rules refuse."""

from .aktiviteter import (
    adhoc_gruppe_lagre,
    aktivitet_lagre,
    aktivitet_registrer_resultat,
    aktivitet_slett,
)
from .datoplan import (
    datoplan_for_aar,
    datoplan_publiser,
    datoplanpunkt_avlys,
    datoplanpunkt_gjenaapne,
    datoplanpunkt_lagre,
    datoplanpunkt_marker_avholdt,
)
from .kalender import kalendernokkel_for, kalendernokkel_forny
from .paaminnelser import (
    paaminnelse_prov_igjen,
    paaminnelser_avmeld,
    paaminnelser_planlegg,
    paaminnelser_send,
    regel_lagre,
)
from .studier import kursdeltaker_legg_til, studiesamling_lagre, studietiltak_lagre
from .tirsdag import TIRSDAGSMOTE_TITTEL, tirsdagsmoter_sikre

__all__ = [
    "TIRSDAGSMOTE_TITTEL",
    "adhoc_gruppe_lagre",
    "aktivitet_lagre",
    "aktivitet_registrer_resultat",
    "aktivitet_slett",
    "datoplan_for_aar",
    "datoplan_publiser",
    "datoplanpunkt_avlys",
    "datoplanpunkt_gjenaapne",
    "datoplanpunkt_lagre",
    "datoplanpunkt_marker_avholdt",
    "kalendernokkel_for",
    "kalendernokkel_forny",
    "kursdeltaker_legg_til",
    "paaminnelse_prov_igjen",
    "paaminnelser_avmeld",
    "paaminnelser_planlegg",
    "paaminnelser_send",
    "regel_lagre",
    "studiesamling_lagre",
    "studietiltak_lagre",
    "tirsdagsmoter_sikre",
]
