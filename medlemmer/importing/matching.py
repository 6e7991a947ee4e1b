"""Finding chapters and existing members for the rows of a register file.

Both indexes are loaded once per file (two queries), so that matching 20,000 rows costs no
query per row.
"""

from __future__ import annotations

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


class MemberIndex:
    """Existing members, or the earlier rows of the same file, by the keys an import matches on:
    medlemsnummer first, else the e-mail address (case-insensitive), else phone + first name +
    last name."""

    def __init__(self) -> None:
        self.by_nr: dict[str, Any] = {}
        self.by_email: dict[str, Any] = {}
        self.by_phone_name: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
        self._nr_of: dict[Any, str | None] = {}

    @classmethod
    def load(cls) -> tuple[MemberIndex, dict[int, dict[str, Any]]]:
        """The index of the register and the current values of every member, by pk."""
        index = cls()
        members = {}
        for row in Medlem.objects.values("pk", *FIELDS).iterator(chunk_size=5000):
            members[row["pk"]] = row
            index.add(row["pk"], row)
        return index, members

    @staticmethod
    def phone_name_key(values: dict[str, Any]) -> tuple[str, str, str] | None:
        try:
            phone = normalise_phone(values.get("telefon"))
        except InvalidPhoneNumber:
            # A stored number the migration to E.164 could not read: compared as written.
            phone = (values.get("telefon") or "").strip()
        if not phone or not values.get("fornavn") or not values.get("etternavn"):
            return None
        return (phone, _name_key(values["fornavn"]), _name_key(values["etternavn"]))

    def add(self, ref: Any, values: dict[str, Any]) -> None:
        nr = values.get("medlemsnummer")
        self._nr_of[ref] = nr
        if nr:
            self.by_nr.setdefault(nr, ref)
        if values.get("epost"):
            self.by_email.setdefault(values["epost"].casefold(), ref)
        key = self.phone_name_key(values)
        if key:
            self.by_phone_name[key].append(ref)

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
        key = self.phone_name_key(values)
        if not key:
            return []
        nr = values.get("medlemsnummer")
        return [
            ref
            for ref in self.by_phone_name.get(key, [])
            if not (nr and self._nr_of[ref] and self._nr_of[ref] != nr)
        ]
