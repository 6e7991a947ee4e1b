"""The columns of a register file and how each cell becomes a value.

Headers are matched leniently (case, spaces, hyphens, underscores and æ/ø/å do not matter, and
a few common aliases are known). Each parser turns one raw cell (a string from a CSV file, or
a string/number/date/bool from an XLSX file) into the value stored on ``Medlem``, or raises
``CellError`` with a Norwegian reason.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buskerud_sp.core.spreadsheets import from_csv_text
from buskerud_sp.core.telefon import InvalidPhoneNumber, normalise_phone
from medlemmer.models import Kjonn

# Dates before this year are typing errors, not members.
EARLIEST_YEAR = 1900
# A register export would never be this wide; it bounds work on hostile files.
MAX_COLUMNS = 100


class CellError(Exception):
    """A cell whose value cannot be used; the message is shown to the admin."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Raw cells -------------------------------------------------------------------------------


def cell_text(raw: Any) -> str:
    """A cell as trimmed text. Numbers from Excel lose a trailing ``.0``; a leading apostrophe
    that protected a formula character (as our own export writes it) is dropped."""
    if isinstance(raw, str):  # every cell of a CSV file
        return from_csv_text(raw.strip())
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return _("ja") if raw else _("nei")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime.datetime):
        raw = raw.date()
    if isinstance(raw, datetime.date):
        return f"{raw:%d.%m.%Y}"
    return from_csv_text(str(raw).strip())


# --- Parsers ---------------------------------------------------------------------------------


def _text(max_length: int, *, required: bool = False):
    def parse(raw: Any) -> str:
        text = cell_text(raw)
        if required and not text:
            raise CellError(_("mangler verdi"))
        if len(text) > max_length:
            raise CellError(
                _("for lang tekst (%(length)s tegn, høyst %(max)s)")
                % {"length": len(text), "max": max_length}
            )
        return text

    return parse


def parse_medlemsnummer(raw: Any) -> str | None:
    text = _text(20)(raw)
    return text or None


def parse_epost(raw: Any) -> str | None:
    text = cell_text(raw)
    if not text:
        return None
    if len(text) > 254:
        raise CellError(_("for lang e-postadresse"))
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(_("ugyldig e-postadresse «%(value)s»") % {"value": text}) from None
    return text


def parse_telefon(raw: Any) -> str:
    """E.164 (see buskerud_sp.core.telefon); an Excel number cell 4795942026 is +4795942026."""
    text = cell_text(raw)
    try:
        return normalise_phone(text)
    except InvalidPhoneNumber:
        raise CellError(
            _("ugyldig telefonnummer «%(value)s» (norske nummer har åtte sifre)") % {"value": text}
        ) from None


def parse_postnummer(raw: Any) -> str:
    text = cell_text(raw)
    if not text:
        return ""
    # Excel drops the leading zero of «0150».
    if not text.isdigit() or len(text) > 4:
        raise CellError(_("ugyldig postnummer «%(value)s» (fire sifre)") % {"value": text})
    return text.zfill(4)


_DMY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")


def parse_date(raw: Any) -> datetime.date | None:
    """dd.mm.yyyy or yyyy-mm-dd (or a date cell in XLSX); empty is None."""
    if isinstance(raw, datetime.datetime):
        value = raw.date()
    elif isinstance(raw, datetime.date):
        value = raw
    else:
        text = cell_text(raw)
        if not text:
            return None
        match = _DMY.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
        elif match := _YMD.match(text):
            year, month, day = (int(g) for g in match.groups())
        else:
            raise CellError(
                _("ugyldig dato «%(value)s» (bruk dd.mm.åååå eller åååå-mm-dd)") % {"value": text}
            )
        try:
            value = datetime.date(year, month, day)
        except ValueError:
            raise CellError(_("ugyldig dato «%(value)s»") % {"value": text}) from None
    if value.year < EARLIEST_YEAR:
        raise CellError(_("urimelig dato «%(value)s»") % {"value": f"{value:%d.%m.%Y}"})
    return value


def _required_date(raw: Any) -> datetime.date:
    value = parse_date(raw)
    if value is None:
        raise CellError(_("mangler dato"))
    return value


_KJONN = {
    Kjonn.KVINNE: {"k", "kvinne", "kv", "f", "female", "jente"},
    Kjonn.MANN: {"m", "mann", "male", "gutt"},
    Kjonn.ANNET: {"", "a", "annet", "ukjent", "u", "ikke oppgitt"},
}


def parse_kjonn(raw: Any) -> str:
    text = cell_text(raw).casefold()
    for value, words in _KJONN.items():
        if text in words:
            return value
    raise CellError(_("ukjent kjønn «%(value)s» (bruk K, M eller A)") % {"value": cell_text(raw)})


_TRUE = {"ja", "j", "x", "1", "true", "sann", "yes", "y"}
_FALSE = {"", "nei", "n", "0", "false", "usann", "no"}


def parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = cell_text(raw).casefold()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError(_("ugyldig verdi «%(value)s» (bruk ja eller nei)") % {"value": cell_text(raw)})


def parse_lokallag(raw: Any) -> str:
    """The raw reference; the chapter itself is resolved in ``matching.ChapterIndex``."""
    text = cell_text(raw)
    if not text:
        raise CellError(_("mangler lokallag"))
    return text


# --- The columns -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str  # as documented and as the export writes it
    field: str  # the Medlem attribute it sets
    parse: Any
    required: bool = False
    aliases: tuple[str, ...] = ()
    help: Any = ""
    # Few distinct values in a register (dates, yes/no, chapters): an analysis parses each
    # distinct cell text once.
    repeats: bool = False


COLUMNS: tuple[Column, ...] = (
    Column(
        "medlemsnummer",
        "medlemsnummer",
        parse_medlemsnummer,
        aliases=("medlemsnr", "medlnr"),
        help=gettext_lazy("Medlemsregisterets nummer. Brukes først for å finne medlemmet igjen."),
    ),
    Column("fornavn", "fornavn", _text(100, required=True), required=True),
    Column("etternavn", "etternavn", _text(100, required=True), required=True),
    Column(
        "epost",
        "epost",
        parse_epost,
        aliases=("email", "mail", "epostadresse"),
        help=gettext_lazy("Brukes for å finne medlemmet igjen når medlemsnummer mangler."),
    ),
    Column(
        "telefon",
        "telefon",
        parse_telefon,
        aliases=("tlf", "mobil", "mobilnummer", "telefonnummer"),
        help=gettext_lazy(
            "Norske nummer med åtte sifre, utenlandske med landkode. Lagres som +4795942026."
        ),
    ),
    Column("adresse", "adresse", _text(200)),
    Column("postnummer", "postnummer", parse_postnummer, aliases=("postnr",), repeats=True),
    Column("poststed", "poststed", _text(100), repeats=True),
    Column(
        "fodselsdato", "fodselsdato", parse_date, aliases=("fodt", "foedselsdato"), repeats=True
    ),
    Column(
        "kjonn",
        "kjonn",
        parse_kjonn,
        aliases=("kjoenn",),
        help=gettext_lazy("K (kvinne), M (mann) eller A (annet/ikke oppgitt)."),
        repeats=True,
    ),
    Column(
        "lokallag",
        "lokallag_id",
        parse_lokallag,
        required=True,
        aliases=("lag", "kommunenummer", "kommunenr"),
        help=gettext_lazy(
            "Kommunenummer (f.eks. 3301), kortnavn (drammen) eller navn (Drammen Senterparti)."
        ),
        repeats=True,
    ),
    Column(
        "innmeldt",
        "innmeldt",
        _required_date,
        required=True,
        aliases=("innmeldtdato",),
        repeats=True,
    ),
    Column("utmeldt", "utmeldt", parse_date, aliases=("utmeldtdato",), repeats=True),
    Column(
        "kontingent_betalt_til",
        "kontingent_betalt_til",
        parse_date,
        aliases=("betalttil",),
        repeats=True,
    ),
    Column("senterungdommen", "senterungdommen", parse_bool, aliases=("su",), repeats=True),
    Column("senterkvinnene", "senterkvinnene", parse_bool, aliases=("sk",), repeats=True),
    Column("folkevalgt", "folkevalgt", parse_bool, repeats=True),
)

COLUMNS_BY_NAME = {column.name: column for column in COLUMNS}


def header_key(header: Any) -> str:
    """«Fødsels-dato », «FODSELSDATO» and «fodselsdato» are the same column."""
    text = cell_text(header).casefold().replace("\ufeff", "")
    text = text.replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[^a-z0-9]", "", text)


_KEYS: dict[str, Column] = {}
for _column in COLUMNS:
    for _key in (_column.name, *_column.aliases):
        _KEYS[header_key(_key)] = _column


def column_for(header: Any) -> Column | None:
    return _KEYS.get(header_key(header))
