"""Writes that touch several rows: registering activities, sessions and calendar keys.

Views validate with forms, then call these; they re-check access and the rules, so a caller
that skips the form still cannot save what the rules refuse."""

from .aktiviteter import (
    adhoc_gruppe_lagre,
    aktivitet_lagre,
    aktivitet_registrer_resultat,
    aktivitet_slett,
)
from .kalender import kalendernokkel_for, kalendernokkel_forny
from .oppfolging import (
    besok_fjern,
    besok_legg_til,
    medieoppslag_lagre,
    medieoppslag_slett,
    medverter_sett,
    reiserunde_planlegg,
)
from .studier import kursdeltaker_legg_til, studiesamling_lagre, studietiltak_lagre
from .tirsdag import TIRSDAGSMOTE_TITTEL, tirsdagsmoter_sikre

__all__ = [
    "TIRSDAGSMOTE_TITTEL",
    "adhoc_gruppe_lagre",
    "aktivitet_lagre",
    "aktivitet_registrer_resultat",
    "aktivitet_slett",
    "besok_fjern",
    "besok_legg_til",
    "kalendernokkel_for",
    "kalendernokkel_forny",
    "kursdeltaker_legg_til",
    "medieoppslag_lagre",
    "medieoppslag_slett",
    "medverter_sett",
    "reiserunde_planlegg",
    "studiesamling_lagre",
    "studietiltak_lagre",
    "tirsdagsmoter_sikre",
]
