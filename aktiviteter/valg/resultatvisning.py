"""Reading the election results: an election's results per municipality beside the election
before it (of the same type), the county's total, a municipality's latest results for its
chapter's page, and the biggest movers for the dashboard.

The county's share is exact (the party's votes over all valid votes) when every row has its
valid votes; otherwise each missing municipality's valid votes are estimated from its votes
and share, and the page says so. A fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from aktiviteter.dashbord.format import number
from aktiviteter.valg.models import Kommune, Valg, Valgresultat, leser_resultater
from buskerud_sp.core.access import access_for

TOPP = 3
HUNDRED = Decimal(100)


def _round(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def godkjente_for(resultat: Valgresultat) -> tuple[int | None, bool]:
    """The municipality's valid votes, and whether they are estimated (from votes and share).
    None when they cannot be known (no valid votes given and a share of 0)."""
    if resultat.godkjente_stemmer is not None:
        return resultat.godkjente_stemmer, False
    if resultat.andel and resultat.andel > 0:
        return int(_round(Decimal(resultat.stemmer) * HUNDRED / resultat.andel, "1")), True
    return None, True


@dataclass
class Fylkessum:
    """The county's total of an election's rows."""

    kommuner: int = 0
    stemmer: int = 0
    godkjente: int = 0
    mandater: int | None = None
    anslatt: bool = False  # some valid votes estimated from votes and share

    @property
    def andel(self) -> Decimal | None:
        if not self.godkjente:
            return None
        return _round(Decimal(self.stemmer) * HUNDRED / self.godkjente)


def fylkessum(resultater: Iterable[Valgresultat]) -> Fylkessum:
    total = Fylkessum()
    for r in resultater:
        total.kommuner += 1
        total.stemmer += r.stemmer
        godkjente, anslatt = godkjente_for(r)
        total.anslatt = total.anslatt or anslatt
        if godkjente is not None:
            total.godkjente += godkjente
        if r.mandater is not None:
            total.mandater = (total.mandater or 0) + r.mandater
    return total


def fortegn(value: Decimal | int | None, places: int = 0) -> str:
    """A change as Norwegians write it: «+1,0», «−0,8», «0»; «–» when unknown. Percentage
    points keep their decimal (``places``), so +1,0 and +1 do not look like different kinds."""
    if value is None:
        return "–"
    text = number(value, places)
    if places and "," not in text:
        text += "," + "0" * places
    return f"+{text}" if value > 0 else text


@dataclass
class Endring:
    """This election against the one before: percentage points, votes and seats."""

    andel: Decimal | None = None
    stemmer: int | None = None
    mandater: int | None = None

    @property
    def andel_tekst(self) -> str:
        return fortegn(self.andel, 1)

    @property
    def stemmer_tekst(self) -> str:
        return fortegn(self.stemmer)

    @property
    def mandater_tekst(self) -> str:
        return fortegn(self.mandater)

    @property
    def retning(self) -> str:
        """«opp», «ned» or «lik», for the table's marker (a shape, not only a colour)."""
        if self.andel is None or self.andel == 0:
            return "lik"
        return "opp" if self.andel > 0 else "ned"


def endring(naa, for_) -> Endring:
    """``naa`` and ``for_`` are results or county sums (``andel``, ``stemmer``, ``mandater``)."""
    if naa is None or for_ is None:
        return Endring()
    andel = None
    if naa.andel is not None and for_.andel is not None:
        andel = _round(Decimal(naa.andel) - Decimal(for_.andel))
    mandater = None
    if naa.mandater is not None and for_.mandater is not None:
        mandater = naa.mandater - for_.mandater
    return Endring(andel=andel, stemmer=naa.stemmer - for_.stemmer, mandater=mandater)


@dataclass
class Kommunerad:
    kommune: Kommune
    resultat: Valgresultat | None
    forrige: Valgresultat | None
    endring: Endring
    uthevet: bool = False


@dataclass
class Resultatoversikt:
    valg: Valg
    forrige_valg: Valg | None
    rader: list[Kommunerad]
    fylke: Fylkessum
    forrige_fylke: Fylkessum | None
    fylke_endring: Endring
    har_demo: bool = False
    uten_resultat: list[Kommune] = field(default_factory=list)

    @property
    def har_resultater(self) -> bool:
        return any(r.resultat is not None for r in self.rader)


def _rows_of(valg: Valg | None) -> list[Valgresultat]:
    if valg is None:
        return []
    return list(
        Valgresultat.objects.filter(valg=valg).select_related("kommune").order_by("kommune__navn")
    )


def resultatoversikt(valg: Valg, *, uthev: Iterable[str] = ()) -> Resultatoversikt:
    """The election's rows with the change since the election before; ``uthev`` names the
    municipality numbers to highlight (the reader's chapters). Four queries."""
    forrige_valg = valg.forrige()
    naa = _rows_of(valg)
    for_ = {r.kommune_id: r for r in _rows_of(forrige_valg)}
    marked = set(uthev)
    rader = [
        Kommunerad(
            kommune=r.kommune,
            resultat=r,
            forrige=for_.get(r.kommune_id),
            endring=endring(r, for_.get(r.kommune_id)),
            uthevet=r.kommune.nummer in marked,
        )
        for r in naa
    ]
    have = {r.kommune_id for r in naa}
    kommuner = list(Kommune.objects.order_by("navn"))
    fylke = fylkessum(naa)
    forrige_fylke = fylkessum(for_.values()) if for_ else None
    return Resultatoversikt(
        valg=valg,
        forrige_valg=forrige_valg,
        rader=rader,
        fylke=fylke,
        forrige_fylke=forrige_fylke,
        fylke_endring=endring(fylke, forrige_fylke) if naa else Endring(),
        har_demo=any(r.demo for r in naa) or any(r.demo for r in for_.values()),
        uten_resultat=[k for k in kommuner if k.pk not in have],
    )


def kommune_for_nummer(nummer: str, kommuner: Iterable[Kommune]) -> Kommune | None:
    """The municipality a number names: its current number, or one it (or what merged into
    it) had before."""
    nummer = (nummer or "").strip().zfill(4) if (nummer or "").strip() else ""
    if not nummer:
        return None
    for k in kommuner:
        if k.nummer == nummer or nummer in (k.tidligere_nummer or []):
            return k
    return None


@dataclass
class Kommuneresultat:
    """A municipality's latest result of one type of election, against the one before."""

    resultat: Valgresultat
    forrige: Valgresultat | None
    endring: Endring


@dataclass
class Lokallagsresultater:
    """What the chapter page shows: its municipality's latest results (one per election type)."""

    kommune: Kommune
    resultater: list[Kommuneresultat]
    template_name: str = "aktiviteter/valg/_lokallag_resultater.html"
    kan_se_alle: bool = False  # the reader may open the election's results page

    @property
    def har_demo(self) -> bool:
        return any(
            r.resultat.demo or (r.forrige is not None and r.forrige.demo) for r in self.resultater
        )


def lokallagsresultater(lokallag, user=None) -> Lokallagsresultater | None:
    """The chapter's municipality (by ``Lokallag.kommunenummer``) and its latest results with
    the change since the election before of the same type. Three queries at most."""
    if not lokallag.kommunenummer:
        return None
    kommune = kommune_for_nummer(lokallag.kommunenummer, Kommune.objects.all())
    if kommune is None:
        return None
    kan_se_alle = leser_resultater(access_for(user))
    rows = list(kommune.resultater.select_related("valg").order_by("-valg__dato"))
    if not rows:
        return Lokallagsresultater(kommune=kommune, resultater=[], kan_se_alle=kan_se_alle)
    elections = list(Valg.objects.order_by("-dato"))
    by_valg = {r.valg_id: r for r in rows}
    latest: dict[str, Valgresultat] = {}
    for r in rows:
        latest.setdefault(r.valg.type, r)
    resultater = []
    for r in sorted(latest.values(), key=lambda r: r.valg.dato, reverse=True):
        before = next(
            (v for v in elections if v.type == r.valg.type and v.dato < r.valg.dato), None
        )
        forrige = by_valg.get(before.pk) if before else None
        resultater.append(Kommuneresultat(resultat=r, forrige=forrige, endring=endring(r, forrige)))
    return Lokallagsresultater(kommune=kommune, resultater=resultater, kan_se_alle=kan_se_alle)


def siste_valg_med_resultater(til_aar: int | None = None) -> Valg | None:
    """The latest election with results (held in ``til_aar`` or before, when given)."""
    qs = Valg.objects.filter(resultater__isnull=False)
    if til_aar is not None:
        qs = qs.filter(dato__year__lte=til_aar)
    return qs.order_by("-dato").distinct().first()


@dataclass
class Resultatpanel:
    """The dashboard's comparison: the latest election against the one before, the county's
    share, and the municipalities that moved most (or the chapter's own municipality)."""

    oversikt: Resultatoversikt
    opp: list[Kommunerad]
    ned: list[Kommunerad]
    egen: Kommunerad | None = None


def resultatpanel(aar: int, kommunenummer: str | None = None) -> Resultatpanel | None:
    valg = siste_valg_med_resultater(aar)
    if valg is None:
        return None
    oversikt = resultatoversikt(valg, uthev=[kommunenummer] if kommunenummer else [])
    moved = [r for r in oversikt.rader if r.endring.andel is not None]
    opp = sorted(
        (r for r in moved if r.endring.andel > 0),
        key=lambda r: (-r.endring.andel, r.kommune.navn),
    )[:TOPP]
    ned = sorted(
        (r for r in moved if r.endring.andel < 0),
        key=lambda r: (r.endring.andel, r.kommune.navn),
    )[:TOPP]
    egen = None
    if kommunenummer:
        kommune = kommune_for_nummer(kommunenummer, [r.kommune for r in oversikt.rader])
        egen = next((r for r in oversikt.rader if kommune and r.kommune.pk == kommune.pk), None)
    return Resultatpanel(oversikt=oversikt, opp=opp, ned=ned, egen=egen)
