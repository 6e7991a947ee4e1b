"""Finding chapters and existing members for the rows of a register file.

Both indexes are loaded once per file (two queries), so that matching 20,000 rows costs no
query per row.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from buskerud_sp.core.telefon import InvalidPhoneNumber, normalise_phone
from lokallag.models import Lokallag, Organisasjon
from medlemmer.models import Medlem

from .columns import COLUMNS, CellError

# The Medlem attributes an import reads and writes.
FIELDS = tuple(column.field for column in COLUMNS)


def _name_key(text: str) -> str:
    return " ".join(text.casefold().split())


class ChapterIndex:
    """Resolves the «lokallag» cell: municipality number, slug, name or municipality name.

    A municipality can have both a Senterparti and a Senterungdommen chapter; a number or a
    municipality name then means the Senterparti chapter."""

    def __init__(self, chapters: list[dict[str, Any]]):
        # Identifies what ``resolve`` answers: rows parsed with an index of the same key
        # resolve their chapters as this one would.
        self.key = hashlib.sha256(
            json.dumps(chapters, sort_keys=True, default=str).encode()
        ).hexdigest()
        self._by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for chapter in chapters:
            keys = {chapter["slug"].casefold(), _name_key(chapter["navn"])}
            if chapter["kommunenummer"]:
                keys.add(chapter["kommunenummer"])
            if chapter["kommune"]:
                keys.add(_name_key(chapter["kommune"]))
            for suffix in (" senterparti", " sp"):
                if _name_key(chapter["navn"]).endswith(suffix):
                    keys.add(_name_key(chapter["navn"]).removesuffix(suffix))
            for key in keys:
                self._by_key[key].append(chapter)
        self._cache: dict[str, int] = {}

    @classmethod
    def load(cls) -> ChapterIndex:
        return cls(
            list(
                Lokallag.objects.lokallag().values(
                    "pk", "navn", "slug", "kommunenummer", "kommune", "organisasjon"
                )
            )
        )

    def resolve(self, reference: str) -> int:
        if reference in self._cache:
            return self._cache[reference]
        key = reference.zfill(4) if reference.isdigit() else _name_key(reference)
        candidates = self._by_key.get(key, [])
        if len(candidates) > 1:
            candidates = [c for c in candidates if c["organisasjon"] == Organisasjon.SENTERPARTIET]
        if not candidates:
            raise CellError(_("ukjent lokallag «%(value)s»") % {"value": reference})
        if len(candidates) > 1:
            raise CellError(
                _("lokallaget «%(value)s» er tvetydig (bruk kortnavnet)") % {"value": reference}
            )
        self._cache[reference] = candidates[0]["pk"]
        return candidates[0]["pk"]


class Conflict(Exception):
    """The row points at an existing member in a way that cannot be right."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


class PhoneKeys(dict):
    """The comparison key of each phone value seen during one analysis: E.164, or the text as
    written for a value that is no number (as ``same_phone`` compares them). Parsing a number
    costs tens of microseconds; a register file repeats each number several times (the row,
    the duplicate check, the match), so each distinct text is parsed once."""

    def __missing__(self, value: str | None) -> str:
        try:
            key = normalise_phone(value)
        except InvalidPhoneNumber:
            # A stored number the migration to E.164 could not read: compared as written.
            key = (value or "").strip()
        self[value] = key
        return key

    def known(self, e164: str) -> None:
        """A value ``normalise_phone`` returned is its own key."""
        self.setdefault(e164, e164)


def _names_key(values: dict[str, Any]) -> tuple[str, str] | None:
    if not values.get("fornavn") or not values.get("etternavn"):
        return None
    return (_name_key(values["fornavn"]), _name_key(values["etternavn"]))


class MemberIndex:
    """Existing members, or the earlier rows of the same file, by the keys an import matches on:
    medlemsnummer first, else the e-mail address (case-insensitive), else phone + first name +
    last name.

    Phone + name is indexed by name and the phones compared on lookup, so that only the
    members who share a row's name have their stored phone parsed, not the whole register."""

    def __init__(self, phones: PhoneKeys | None = None) -> None:
        self.by_nr: dict[str, Any] = {}
        self.by_email: dict[str, Any] = {}
        self.phones = PhoneKeys() if phones is None else phones
        self._by_name: dict[tuple[str, str], list[Any]] = defaultdict(list)
        self._nr_of: dict[Any, str | None] = {}
        self._phone_of: dict[Any, str | None] = {}

    @classmethod
    def load(cls, phones: PhoneKeys | None = None) -> tuple[MemberIndex, dict[int, dict[str, Any]]]:
        """The index of the register and the current values of every member, by pk."""
        index = cls(phones)
        members = {}
        for row in Medlem.objects.values("pk", *FIELDS).iterator(chunk_size=5000):
            members[row["pk"]] = row
            index.add(row["pk"], row)
        return index, members

    def add(self, ref: Any, values: dict[str, Any]) -> None:
        nr = values.get("medlemsnummer")
        self._nr_of[ref] = nr
        if nr:
            self.by_nr.setdefault(nr, ref)
        email = values.get("epost")
        if email:
            self.by_email.setdefault(email.casefold(), ref)
        names = _names_key(values)
        if names:
            self._by_name[names].append(ref)
            self._phone_of[ref] = values.get("telefon")

    def find(self, values: dict[str, Any]) -> Any:
        """The existing member this row is (None for a new one); raises ``Conflict``."""
        nr = values.get("medlemsnummer")
        if nr and nr in self.by_nr:
            return self.by_nr[nr]
        email = (values.get("epost") or "").casefold()
        if email and email in self.by_email:
            ref = self.by_email[email]
            other_nr = self._nr_of[ref]
            if nr and other_nr and other_nr != nr:
                raise Conflict(
                    "epost",
                    _(
                        "e-postadressen «%(email)s» er registrert på et annet medlem "
                        "(medlemsnummer %(nr)s)"
                    )
                    % {"email": values["epost"], "nr": other_nr},
                )
            return ref
        candidates = self.by_phone_and_name(values)
        if len(candidates) > 1:
            raise Conflict(
                "telefon",
                _(
                    "navn og telefon passer med flere medlemmer; legg til medlemsnummer eller e-post"
                ),
            )
        return candidates[0] if candidates else None

    def by_phone_and_name(self, values: dict[str, Any]) -> list[Any]:
        """Entries with the same phone and name. Two register numbers with the same name and
        phone are two people (a father and a son sharing the home phone): no match."""
        names = _names_key(values)
        refs = self._by_name.get(names) if names else None
        if not refs:
            return []
        phone = self.phones[values.get("telefon")]
        if not phone:
            return []
        nr = values.get("medlemsnummer")
        return [
            ref
            for ref in refs
            if self.phones[self._phone_of[ref]] == phone
            and not (nr and self._nr_of[ref] and self._nr_of[ref] != nr)
        ]
