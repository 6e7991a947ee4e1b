"""A register file → the plan: the members to create, the members to update (and which fields),
the rows that are unchanged and the rows that are rejected, each with a Norwegian reason.

Analysing reads the database but never writes; ``services`` applies the plan.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .columns import COLUMNS, CellError, Column, cell_text, column_for, parse_telefon
from .matching import ChapterIndex, Conflict, MemberIndex, PhoneKeys
from .reader import ImportFileError, read_table

# The preview lists at most this many changed rows (all rejected rows are always listed).
MAX_CHANGED_LISTED = 500

_COLUMN_OF_FIELD = {column.field: column.name for column in COLUMNS}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str  # "" when the row as a whole is wrong
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Rad %(row)s, kolonne %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Rad %(row)s: %(message)s") % {"row": self.row, "message": self.message}

    def as_dict(self) -> dict[str, Any]:
        return {"rad": self.row, "kolonne": self.column, "melding": self.message}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RowError:
        return cls(data["rad"], data["kolonne"], data["melding"])


@dataclass
class Analysis:
    file_format: str
    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    # For the preview: {"rad", "navn", "felt"} of rows that change a member.
    changed: list[dict[str, Any]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    # The rows this plan was made from, kept with the preview (None: not kept).
    parsed: ParsedFile | None = field(default=None, repr=False, compare=False)

    @property
    def rejected(self) -> int:
        return len({error.row for error in self.errors})

    @cached_property
    def fingerprint(self) -> str:
        """Identifies the planned changes: confirming re-analyses the file, and a different
        fingerprint means the register changed since the preview. Read once the plan is
        complete (it is kept)."""
        plan = {
            "c": self.creates,
            "u": self.updates,
            # Where, not the (translated) wording: the language may differ at confirmation.
            "e": [(error.row, error.column) for error in self.errors],
        }
        encoded = json.dumps(plan, sort_keys=True, default=str).encode()
        return hashlib.sha256(encoded).hexdigest()

    def report(self) -> dict[str, Any]:
        """What the preview shows, JSON-safe."""
        return {
            "format": self.file_format,
            "avvist": [error.as_dict() for error in self.errors],
            "endret": self.changed[:MAX_CHANGED_LISTED],
            "ignorerte_kolonner": self.ignored_columns,
            "fingeravtrykk": self.fingerprint,
        }


@dataclass
class ParsedFile:
    """A file's rows after parsing, before matching: what depends only on the file, the
    chapters (``chapters_key``) and the language of the messages, not on the members or the
    date. Confirming a preview plans these rows again against the register as it is then,
    instead of reading and parsing the file again (see ``medlemmer.importing.stored``)."""

    file_format: str
    ignored_columns: list[str]
    fields: list[str]  # the present columns' fields, in the file's order
    # (row number, the values that parsed, the cells that did not)
    rows: list[tuple[int, dict[str, Any], list[RowError]]]
    chapters_key: str


def analyse(data: bytes) -> Analysis:
    """Raises ``ImportFileError`` when the file as a whole cannot be used."""
    phones = PhoneKeys()
    return plan(parse_file(data, ChapterIndex.load(), phones), phones)


def parse_file(data: bytes, chapters: ChapterIndex, phones: PhoneKeys) -> ParsedFile:
    """Raises ``ImportFileError`` when the file as a whole cannot be used."""
    table = read_table(data)
    present, ignored = _map_headers(table.headers)
    parsers = _parsers(present, chapters, phones)
    rows = [(number, *_parse_cells(number, cells, parsers)) for number, cells in table.rows]
    fields = [column.field for _index, column in present]
    return ParsedFile(table.format, ignored, fields, rows, chapters.key)


def plan(parsed: ParsedFile, phones: PhoneKeys) -> Analysis:
    """Match the parsed rows against the register as it is now and plan the writes.

    ``phones`` must know every phone value of ``parsed`` (``parse_file`` remembers them)."""
    analysis = Analysis(file_format=parsed.file_format, ignored_columns=parsed.ignored_columns)
    analysis.parsed = parsed
    register, current = MemberIndex.load(phones)
    in_file = MemberIndex(phones)
    targets: dict[int, int] = {}  # member pk -> the row that updates it
    today = timezone.localdate()

    for number, values, cell_errors in parsed.rows:
        errors = [*cell_errors, *_check_dates(number, values, today)]
        duplicate = _duplicate_in_file(number, values, in_file)
        if duplicate:
            errors.append(duplicate)
        else:
            in_file.add(number, values)
        if not errors:
            errors = _plan_row(number, values, register, current, targets, analysis)
        analysis.errors.extend(errors)
    return analysis


Parser = Callable[[Any], Any]


def _parsers(
    present: list[tuple[int, Column]], chapters: ChapterIndex, phones: PhoneKeys
) -> list[tuple[int, Column, Parser]]:
    """Each present column with the parser this analysis uses for it: the column's own, with
    the chapter resolved, the phone's key remembered, and cells of columns with few distinct
    values parsed once per distinct text."""
    parsers = []
    for index, column in present:
        parse = column.parse
        if column.name == "lokallag":
            parse = _then(parse, chapters.resolve)
        elif column.parse is parse_telefon:
            parse = _remember_phone(parse, phones)
        if column.repeats:
            parse = _memoised(parse)
        parsers.append((index, column, parse))
    return parsers


def _then(parse: Parser, resolve: Parser) -> Parser:
    return lambda raw: resolve(parse(raw))


def _remember_phone(parse: Parser, phones: PhoneKeys) -> Parser:
    def parse_and_remember(raw: Any) -> str:
        value = parse(raw)
        phones.known(value)
        return value

    return parse_and_remember


def _memoised(parse: Parser) -> Parser:
    """``parse`` once per distinct text; other cell types (numbers, dates and booleans of an
    XLSX file: ``1 == True`` as keys) are parsed each time."""
    results: dict[str, tuple[bool, Any]] = {}

    def parse_once(raw: Any) -> Any:
        if not isinstance(raw, str):
            return parse(raw)
        result = results.get(raw)
        if result is None:
            try:
                result = (True, parse(raw))
            except CellError as exc:
                result = (False, exc.message)
            results[raw] = result
        if result[0]:
            return result[1]
        raise CellError(result[1])

    return parse_once


def _map_headers(headers: list[Any]) -> tuple[list[tuple[int, Column]], list[str]]:
    present: dict[str, tuple[int, Column]] = {}
    written: dict[str, list[str]] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        text = cell_text(header)
        if not text:
            continue
        column = column_for(header)
        if column is None:
            ignored.append(text)
            continue
        written.setdefault(column.name, []).append(text)
        present.setdefault(column.name, (index, column))
    for name, texts in written.items():
        if len(texts) > 1:
            raise ImportFileError(
                _("Kolonnen «%(column)s» finnes flere ganger (%(headers)s).")
                % {"column": name, "headers": ", ".join(f"«{t}»" for t in texts)}
            )
    missing = [c.name for c in COLUMNS if c.required and c.name not in present]
    if missing:
        found = ", ".join(cell_text(h) for h in headers if cell_text(h)) or _("ingen")
        raise ImportFileError(
            ngettext(
                "Fila mangler den påkrevde kolonnen %(columns)s. Fant kolonnene: %(found)s.",
                "Fila mangler de påkrevde kolonnene %(columns)s. Fant kolonnene: %(found)s.",
                len(missing),
            )
            % {"columns": ", ".join(f"«{name}»" for name in missing), "found": found}
        )
    return list(present.values()), ignored


def _parse_cells(number, cells, parsers: list[tuple[int, Column, Parser]]):
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    width = len(cells)
    for index, column, parse in parsers:
        try:
            values[column.field] = parse(cells[index] if index < width else None)
        except CellError as exc:
            errors.append(RowError(number, column.name, exc.message))
    return values, errors


def _check_dates(number, values: dict[str, Any], today) -> list[RowError]:
    """The checks of a row that depend on more than one cell, or on the date."""
    errors: list[RowError] = []
    joined, left, born = values.get("innmeldt"), values.get("utmeldt"), values.get("fodselsdato")
    if joined and left and left < joined:
        errors.append(
            RowError(
                number,
                "utmeldt",
                _("utmeldt (%(left)s) er før innmeldt (%(joined)s)")
                % {"left": f"{left:%d.%m.%Y}", "joined": f"{joined:%d.%m.%Y}"},
            )
        )
    if joined and joined > today:
        errors.append(
            RowError(
                number,
                "innmeldt",
                _("innmeldingsdatoen %(joined)s er fram i tid") % {"joined": f"{joined:%d.%m.%Y}"},
            )
        )
    if born and born > today:
        errors.append(RowError(number, "fodselsdato", _("fødselsdatoen er i framtiden")))
    return errors


def _duplicate_in_file(number: int, values: dict[str, Any], in_file: MemberIndex):
    """A later row for a member that an earlier row of the same file already names."""
    nr = values.get("medlemsnummer")
    if nr and nr in in_file.by_nr:
        return RowError(
            number,
            "medlemsnummer",
            _("medlemsnummeret «%(nr)s» står også på rad %(row)s")
            % {"nr": nr, "row": in_file.by_nr[nr]},
        )
    email = values.get("epost")
    if email and email.casefold() in in_file.by_email:
        return RowError(
            number,
            "epost",
            _("e-postadressen «%(email)s» står også på rad %(row)s")
            % {"email": email, "row": in_file.by_email[email.casefold()]},
        )
    same_person = in_file.by_phone_and_name(values)
    if same_person:
        return RowError(
            number,
            "telefon",
            _("samme navn og telefon som rad %(row)s") % {"row": same_person[0]},
        )
    return None


def _plan_row(number, values, register: MemberIndex, current, targets, analysis: Analysis):
    """Adds the row to the plan and returns [], or returns why it cannot be imported."""
    try:
        pk = register.find(values)
    except Conflict as conflict:
        return [RowError(number, conflict.column, conflict.message)]
    if pk is None:
        analysis.creates.append(values)
        return []
    if pk in targets:
        return [
            RowError(number, "", _("gjelder samme medlem som rad %(row)s") % {"row": targets[pk]})
        ]
    member = current[pk]
    email = values.get("epost")
    if email and register.by_email.get(email.casefold(), pk) != pk:
        return [
            RowError(
                number,
                "epost",
                _("e-postadressen «%(email)s» er registrert på et annet medlem") % {"email": email},
            )
        ]
    left = values["utmeldt"] if "utmeldt" in values else member["utmeldt"]
    if left and left < values["innmeldt"]:
        return [
            RowError(
                number,
                "innmeldt",
                _("innmeldt (%(joined)s) er etter medlemmets utmeldingsdato (%(left)s)")
                % {"joined": f"{values['innmeldt']:%d.%m.%Y}", "left": f"{left:%d.%m.%Y}"},
            )
        ]
    targets[pk] = number
    changes = _changes(member, values, register.phones)
    if not changes:
        analysis.unchanged += 1
        return []
    analysis.updates.append((pk, changes))
    analysis.changed.append(
        {
            "rad": number,
            "navn": f"{values['fornavn']} {values['etternavn']}",
            "felt": [_COLUMN_OF_FIELD[name] for name in changes],
        }
    )
    return []


def _changes(member: dict[str, Any], values: dict[str, Any], phones: PhoneKeys) -> dict[str, Any]:
    changes = {}
    for name, new in values.items():
        old = member[name]
        if name == "medlemsnummer":
            same = not new or new == old  # an empty cell never removes a register number
        elif name == "telefon":
            same = phones[old] == phones[new]  # as ``same_phone`` compares them
        elif name == "epost":
            same = (old or "").casefold() == (new or "").casefold()
        else:
            same = old == new
        if not same:
            changes[name] = new
    return changes
