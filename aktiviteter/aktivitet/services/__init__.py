"""Writes of the activity slice: activities and results, AdHoc groups, calendar keys, the
Tuesday calls and the quarterly chapter leaders' meeting. Views validate with forms, then call
these; they re-check access and the rules, so a crafted POST meets the same rules."""

from .aktiviteter import (
    adhoc_gruppe_lagre,
    aktivitet_lagre,
    aktivitet_registrer_resultat,
    aktivitet_slett,
)
from .kalender import kalendernokkel_for, kalendernokkel_forny
from .tirsdag import TIRSDAGSMOTE_TITTEL, tirsdagsmoter_sikre

__all__ = [
    "TIRSDAGSMOTE_TITTEL",
    "adhoc_gruppe_lagre",
    "aktivitet_lagre",
    "aktivitet_registrer_resultat",
    "aktivitet_slett",
    "kalendernokkel_for",
    "kalendernokkel_forny",
    "tirsdagsmoter_sikre",
]
