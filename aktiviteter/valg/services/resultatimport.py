"""Import of an election's results from a CSV file: analyse (nothing saved), then confirm.

The file: ``;`` or ``,`` separated, UTF-8 (with or without BOM) or Windows-1252; columns
found by their header (``KOLONNER``), in any order, others ignored. valgresultat.no's export
fits as it is: its rows of other parties are left out by the party column, and its rows per
county or per polling district are skipped. A municipality is found by its current number,
an earlier one (with or without the leading zero Excel drops) or its name, whatever the case
and diacritics.

All or nothing: one bad row and nothing is saved, every error listed with its line and
column. The election's existing rows are replaced only when the admin asks for it.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktiviteter.valg.models import Kommune, Valg, Valgresultat
from aktiviteter.valg.services.resultater import kontroller_tall
from buskerud_sp.core import audit
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import AuditContext
from buskerud_sp.core.dataversion import data_changed
from buskerud_sp.core.models import AuditAction
from buskerud_sp.core.spreadsheets import from_csv_text

MAX_BYTES = 2 * 1024 * 1024  # a national file of every party is about 1 MB
MAX_ROWS = 20_000
PARTIKODE = "sp"
PARTINAVN = "senterpartiet"


def normaliser(text: str) -> str:
    """Lower case without diacritics or punctuation: «Øvre Eiker», «ovre eiker» and
    «ØVRE-EIKER» are the same. (æ and ø do not decompose in Unicode, so they are spelled out.)"""
    text = str(text or "").strip().casefold().replace("æ", "ae").replace("ø", "o")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


# Field -> (label, the headers it is found under, normalised). The first header is the one
# the example file uses.
KOLONNER: dict[str, tuple[str, tuple[str, ...]]] = {
    "kommunenummer": (
        gettext_lazy("kommunenummer"),
        ("kommunenummer", "kommunenr", "knr", "kommune nr", "kommunenr."),
    ),
    "kommune": (gettext_lazy("kommune"), ("kommune", "kommunenavn")),
    "stemmer": (
        gettext_lazy("stemmer"),
        ("stemmer", "antall stemmer totalt", "antall stemmer", "stemmer totalt", "partistemmer"),
    ),
    "godkjente_stemmer": (
        gettext_lazy("godkjente stemmer"),
        (
            "godkjente stemmer",
            "antall godkjente stemmer",
            "godkjente stemmesedler",
            "gyldige stemmer",
        ),
    ),
    "andel": (
        gettext_lazy("oppslutning"),
        ("oppslutning", "andel", "oppslutning prosentvis", "oppslutning prosent", "prosent"),
    ),
    "mandater": (gettext_lazy("mandater"), ("mandater", "antall mandater", "representanter")),
    # valgresultat.no: the party of each row, and the levels above and below a municipality.
    "partikode": (gettext_lazy("partikode"), ("partikode",)),
    "partinavn": (gettext_lazy("partinavn"), ("partinavn", "parti")),
    "fylke": (gettext_lazy("fylke"), ("fylkenummer", "fylkenavn", "fylkesnummer", "fylke")),
    "stemmekrets": (gettext_lazy("stemmekrets"), ("stemmekretsnummer", "stemmekretsnavn")),
}
_ALIASES = {normaliser(alias): key for key, (_l, aliases) in KOLONNER.items() for alias in aliases}

EKSEMPEL = (
    "kommunenummer;kommune;stemmer;godkjente stemmer;oppslutning;mandater\r\n"
    "3301;Drammen;3650;52100;7,0;3\r\n"
    "3324;Gol;1190;2890;41,2 %;9\r\n"
    "0619;Ål;1020;2950;;6\r\n"
)


class ImportFilFeil(Exception):
    """The file as a whole cannot be read; the message goes next to the upload field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Radfeil:
    linje: int
    kolonne: str
    melding: str


@dataclass
class Importrad:
    linje: int
    kommune: Kommune
    stemmer: int
    godkjente_stemmer: int | None
    andel: Decimal
    mandater: int | None


@dataclass
class Analyse:
    rader: list[Importrad] = field(default_factory=list)
    feil: list[Radfeil] = field(default_factory=list)
    ignorerte_kolonner: list[str] = field(default_factory=list)
    hoppet_over: int = 0  # rows of other parties, or of a county or polling district
    skilletegn: str = ";"
    tegnkoding: str = "utf-8"

    @property
    def ok(self) -> bool:
        return not self.feil and bool(self.rader)

    def som_data(self) -> list[dict]:
        """The rows as plain values (for the confirmation step)."""
        return [
            {
                "linje": r.linje,
                "kommune": r.kommune.nummer,
                "stemmer": r.stemmer,
                "godkjente_stemmer": r.godkjente_stemmer,
                "andel": str(r.andel),
                "mandater": r.mandater,
            }
            for r in self.rader
        ]


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        raise ImportFilFeil(_("Fila kunne ikke leses som tekst. Last opp en CSV-fil.")) from None


def _skilletegn(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _tabell(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]], str, str]:
    if not data or not data.strip():
        raise ImportFilFeil(_("Fila er tom."))
    if len(data) > MAX_BYTES:
        raise ImportFilFeil(_("Fila er for stor (største tillatte er 2 MB)."))
    if b"\x00" in data[:8192] or data.startswith(b"PK\x03\x04"):
        raise ImportFilFeil(
            _("Fila ser ikke ut som en CSV-fil. Lagre den som CSV (semikolon- eller kommadelt).")
        )
    text, encoding = _decode(data)
    delimiter = _skilletegn(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    rows: list[tuple[int, list[str]]] = []
    try:
        for number, cells in enumerate(reader, start=1):
            if not any(c.strip() for c in cells):
                continue
            if not header:
                header = cells
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFilFeil(_("Fila har for mange rader (høyst %(n)s).") % {"n": MAX_ROWS})
            rows.append((number, cells))
    except csv.Error as exc:
        raise ImportFilFeil(
            _("Fila kunne ikke leses som CSV (%(feil)s).") % {"feil": exc}
        ) from None
    if not rows:
        raise ImportFilFeil(_("Fila har ingen rader under overskriftsraden."))
    return header, rows, delimiter, encoding


def _heltall(raw: str) -> int | None:
    """A whole number, with spaces as thousands separators. ``ValueError`` when it is not."""
    text = re.sub(r"[\s\u00a0\u202f]", "", raw)
    if not text:
        return None
    if not re.fullmatch(r"-?\d{1,12}", text):
        raise ValueError
    return int(text)


def _desimal(raw: str) -> Decimal | None:
    """A share: ``,`` or ``.`` as decimal mark, an optional ``%``."""
    text = re.sub(r"[\s\u00a0\u202f]", "", raw).removesuffix("%").replace(",", ".")
    if not text:
        return None
    if not re.fullmatch(r"-?\d{1,3}(\.\d+)?", text):
        raise ValueError
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError from None


@dataclass
class _Oppslag:
    """The municipalities by current and earlier number and by name."""

    nummer: dict[str, Kommune]
    navn: dict[str, Kommune]

    @classmethod
    def last(cls) -> _Oppslag:
        nummer: dict[str, Kommune] = {}
        navn: dict[str, Kommune] = {}
        for k in Kommune.objects.all():
            for old in k.tidligere_nummer or []:
                nummer.setdefault(str(old).zfill(4), k)
            navn[normaliser(k.navn)] = k
        for k in navn.values():
            nummer[k.nummer] = k  # today's number wins over an old one
        return cls(nummer=nummer, navn=navn)

    def finn(self, nummer: str, navn: str) -> Kommune | None:
        digits = nummer.strip()
        if digits:
            return self.nummer.get(digits.zfill(4)) if digits.isdigit() else None
        key = normaliser(navn)
        key = re.sub(r" kommune$", "", key)
        return self.navn.get(key)


def _label(key: str, header: list[str], index: dict[str, int]) -> str:
    return header[index[key]].strip() if key in index else str(KOLONNER[key][0])


def analyser(data: bytes) -> Analyse:
    """Read and check the file; saves nothing. ``ImportFilFeil`` for a file that cannot be used
    at all (empty, not CSV, a required column missing)."""
    header, rows, delimiter, encoding = _tabell(data)
    header = [from_csv_text(h.strip()) for h in header]
    index: dict[str, int] = {}
    ignored = []
    for position, title in enumerate(header):
        key = _ALIASES.get(normaliser(title))
        if key and key not in index:
            index[key] = position
        elif title:
            ignored.append(title)
    if "kommunenummer" not in index and "kommune" not in index:
        raise ImportFilFeil(
            _("Fila mangler en kolonne for kommunen («kommunenummer» eller «kommune»).")
        )
    if "stemmer" not in index:
        raise ImportFilFeil(_("Fila mangler kolonnen «stemmer»."))
    analyse = Analyse(ignorerte_kolonner=ignored, skilletegn=delimiter, tegnkoding=encoding)
    oppslag = _Oppslag.last()
    seen: dict[int, int] = {}

    def cell(cells: list[str], key: str) -> str:
        position = index.get(key)
        if position is None or position >= len(cells):
            return ""
        return from_csv_text(cells[position].strip())

    for linje, cells in rows:
        errors_before = len(analyse.feil)

        def feil(key: str, melding: str, linje: int = linje) -> None:
            analyse.feil.append(Radfeil(linje, _label(key, header, index), melding))

        if "partikode" in index or "partinavn" in index:
            kode, parti = normaliser(cell(cells, "partikode")), normaliser(cell(cells, "partinavn"))
            if kode != PARTIKODE and parti != PARTINAVN:
                analyse.hoppet_over += 1
                continue
        nummer, navn = cell(cells, "kommunenummer"), cell(cells, "kommune")
        if cell(cells, "stemmekrets") or (not nummer and not navn and cell(cells, "fylke")):
            analyse.hoppet_over += 1
            continue
        kommune_key = "kommunenummer" if nummer or "kommune" not in index else "kommune"
        kommune = oppslag.finn(nummer, navn)
        if kommune is None:
            if nummer or navn:
                feil(
                    kommune_key,
                    _("Ukjent kommune «%(kommune)s»: ikke en av kommunene i fylket.")
                    % {"kommune": nummer or navn},
                )
            else:
                feil(kommune_key, _("Kommunen mangler."))
        elif kommune.pk in seen:
            feil(
                kommune_key,
                _("%(kommune)s står også på linje %(linje)s.")
                % {"kommune": kommune.navn, "linje": seen[kommune.pk]},
            )
        else:
            seen[kommune.pk] = linje
        values: dict[str, object] = {}
        for key, parse, missing in (
            ("stemmer", _heltall, True),
            ("godkjente_stemmer", _heltall, False),
            ("andel", _desimal, False),
            ("mandater", _heltall, False),
        ):
            raw = cell(cells, key)
            try:
                value = parse(raw)
            except ValueError:
                feil(key, _("«%(verdi)s» er ikke et tall.") % {"verdi": raw[:40]})
                continue
            if value is None and missing:
                feil(key, _("Tallet mangler."))
                continue
            if value is not None and value < 0:
                feil(key, _("Tallet kan ikke være negativt."))
                continue
            values[key] = value
        if len(analyse.feil) > errors_before:
            continue
        andel, errors = kontroller_tall(
            stemmer=values["stemmer"],
            godkjente=values.get("godkjente_stemmer"),
            andel=values.get("andel"),
        )
        for key, melding in errors.items():
            feil(key, melding)
        if errors or kommune is None:
            continue
        analyse.rader.append(
            Importrad(
                linje=linje,
                kommune=kommune,
                stemmer=values["stemmer"],
                godkjente_stemmer=values.get("godkjente_stemmer"),
                andel=andel,
                mandater=values.get("mandater"),
            )
        )
    if not analyse.rader and not analyse.feil:
        analyse.feil.append(
            Radfeil(0, "", _("Fila har ingen rader for Senterpartiet i kommunene i fylket."))
        )
    return analyse


def resultatimport_bekreft(
    *, valg: Valg, data: bytes, erstatt: bool, bruker, ip: str | None = None
) -> int:
    """Save the file's rows for the election, all or nothing; the file is analysed again, so
    what is saved passed every rule now. Returns the number of rows saved.

    Raises ``ValidationError`` when the file has errors or the election already has results
    and ``erstatt`` is not set."""
    if not access_for(bruker).is_admin:
        raise PermissionDenied
    analyse = analyser(data)
    if not analyse.ok:
        raise ValidationError(_("Fila har feil. Rett dem og last den opp igjen."))
    with transaction.atomic():
        # Lock the election so that two confirmations do not interleave their rows.
        Valg.objects.select_for_update().filter(pk=valg.pk).first()
        existing = Valgresultat.objects.filter(valg=valg)
        count = existing.count()
        if count and not erstatt:
            raise ValidationError(
                _(
                    "Valget har allerede %(n)s resultater. Kryss av for «Erstatt» for å bytte "
                    "dem ut med fila."
                )
                % {"n": count}
            )
        if count:
            existing.delete()
        Valgresultat.objects.bulk_create(
            [
                Valgresultat(
                    valg=valg,
                    kommune=r.kommune,
                    stemmer=r.stemmer,
                    godkjente_stemmer=r.godkjente_stemmer,
                    andel=r.andel,
                    mandater=r.mandater,
                    registrert_av=bruker,
                )
                for r in analyse.rader
            ]
        )
        audit.log(
            AuditContext(user=bruker, ip=ip),
            AuditAction.IMPORT,
            obj=valg,
            data={"valgresultater": len(analyse.rader), "erstattet": count},
        )
    data_changed()  # bulk writes send no signals: the dashboard's figures must follow
    return len(analyse.rader)


# The preview's file travels to the confirmation signed, compressed and bound to the election:
# no row is stored before the admin confirms, and a token is good for an hour.
SIGNER_NAMESPACE = "valg.resultatimport"
TOKEN_LEVETID = 60 * 60


def token_for(valg: Valg, data: bytes) -> str:
    payload = base64.urlsafe_b64encode(zlib.compress(data, 9)).decode("ascii")
    return signing.TimestampSigner(salt=SIGNER_NAMESPACE).sign(f"{valg.pk}:{payload}")


def data_fra_token(valg: Valg, token: str) -> bytes:
    """The previewed file, or ``ImportFilFeil`` when the token is forged, stale or another
    election's."""
    expired = ImportFilFeil(_("Forhåndsvisningen er utløpt. Last opp fila igjen."))
    try:
        value = signing.TimestampSigner(salt=SIGNER_NAMESPACE).unsign(token, max_age=TOKEN_LEVETID)
    except signing.BadSignature:
        raise expired from None
    pk, _sep, payload = value.partition(":")
    if pk != str(valg.pk):
        raise expired
    try:
        inflater = zlib.decompressobj()
        data = inflater.decompress(base64.urlsafe_b64decode(payload), MAX_BYTES + 1)
    except (ValueError, zlib.error):
        raise expired from None
    if len(data) > MAX_BYTES:
        raise expired
    return data
