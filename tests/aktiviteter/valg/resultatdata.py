"""Data for the election results' tests: two local elections (2019 and 2023), Gol and
Drammen's chapters on their municipality numbers, and results in a few municipalities."""

from __future__ import annotations

import datetime
from decimal import Decimal

from aktiviteter.valg.models import Kommune, Valg, Valgresultat, Valgtype

KOMMUNER = {
    "3301": ("Drammen", ["3005", "0602", "0625", "0711"]),
    "3324": ("Gol", ["3041", "0617"]),
    "3328": ("Ål", ["3043", "0619"]),
    "3314": ("Øvre Eiker", ["3048", "0624"]),
    "3330": ("Hol", ["3044", "0620"]),
}


def kommune(nummer: str) -> Kommune:
    """The municipality (seeded by the data migration; made again after a flush)."""
    navn, tidligere = KOMMUNER[nummer]
    k, _ = Kommune.objects.get_or_create(
        nummer=nummer, defaults={"navn": navn, "tidligere_nummer": tidligere}
    )
    return k


def valg(aar: int, type: str = Valgtype.KOMMUNE_FYLKE) -> Valg:
    dato = datetime.date(aar, 9, 9 if aar == 2019 else 11)
    v, _ = Valg.objects.get_or_create(
        type=type, dato=dato, defaults={"kampanjestart": datetime.date(aar, 3, 1)}
    )
    return v


def resultat(v: Valg, nummer: str, stemmer: int, godkjente: int | None, andel: str, **extra):
    return Valgresultat.objects.create(
        valg=v,
        kommune=kommune(nummer),
        stemmer=stemmer,
        godkjente_stemmer=godkjente,
        andel=Decimal(andel),
        **extra,
    )
