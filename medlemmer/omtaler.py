"""Mentions («omtaler») of a member in free text anywhere in the portal.

A leader may write a member's name, phone and address into an activity, a contact-log note or a
course; the register import reports rows by name; an admin's search is logged with its query.
Erasure must remove those, and the access export must list them. No list of models is kept: the
walk covers every text and JSON column of every model (so a model added later is covered), less
the columns named in ``SKIPPED`` with the reason.

Matching is done by the database (a regular expression per column, case folded by spelling out
both cases, so that it does not depend on the database's collation) and only the rows it finds
are loaded; the same expressions then replace the text in Python.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from buskerud_sp.core.telefon import InvalidPhoneNumber, normalise_phone, phone_variants

from .models import Medlem

SLADDET = "[sladdet]"

# Whole models, or (model, field) pairs, that the walk leaves alone, and why.
SKIPPED: dict[str | tuple[str, str], str] = {
    "buskerud_sp.auditentry": "the audit chain: redacted by audit.redact_member so that the "
    "chain keeps verifying",
    "buskerud_sp.auditchainhead": "a hash only",
    "sessions.session": "signed session data, no free text; the member's sessions are ended",
    "contenttypes.contenttype": "names of models",
    "auth.permission": "names of permissions",
    # Other people's own identity: a namesake's name is theirs, not a mention of the member.
    ("medlemmer.medlem", "fornavn"): "another member's own name",
    ("medlemmer.medlem", "etternavn"): "another member's own name",
    ("medlemmer.medlem", "epost"): "another member's own e-mail",
    ("medlemmer.medlem", "telefon"): "another member's own phone",
    ("medlemmer.medlem", "adresse"): "another member's own address",
    ("medlemmer.medlem", "postnummer"): "another member's own address",
    ("medlemmer.medlem", "poststed"): "another member's own address",
    ("buskerud_sp.user", "first_name"): "another user's own name",
    ("buskerud_sp.user", "last_name"): "another user's own name",
    ("buskerud_sp.user", "password"): "a password hash",
    ("account.emailaddress", "email"): "another user's own e-mail",
}

# Binary columns hold files the walk cannot read as text; each one is handled on erasure by its
# own code, named here (a test fails for a binary column that is not listed).
BINARY_HANDLED: dict[tuple[str, str], str] = {
    ("medlemmer.medlemsimport", "fil"): "an uploaded register file waiting for confirmation: "
    "importing.services.medlemsimport_cancel_naming wipes it when it names the member",
    ("medlemmer.medlemsimport", "tolkning"): "the parsed rows of that same file (compressed): "
    "wiped together with it, the file is what is searched",
}

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)
ADDRESS_FIELDS = (models.EmailField, models.URLField)

# Shortest text that is matched at all: shorter needles would match unrelated words.
MIN_NEEDLE = 4


def text_fields(model: type[models.Model]) -> list[models.Field]:
    """The columns of a model that may hold free text about a member."""
    label = model._meta.label_lower
    if label in SKIPPED or model._meta.proxy or not model._meta.managed:
        return []
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, TEXT_FIELDS)
        # Keys, tokens and hashes are unique and never free text; a choice is a code.
        and not field.unique
        and not field.choices
        and (label, field.name) not in SKIPPED
    ]


def walked_models() -> Iterator[tuple[type[models.Model], list[models.Field]]]:
    for model in apps.get_models():
        fields = text_fields(model)
        if fields:
            yield model, fields


# --- What identifies the member --------------------------------------------------------------

_SEPARATOR = r"(?:\s|[./-])?"  # «959 42 026», «959.42.026», «959-42-026»


def _letter(ch: str) -> str:
    """One character as a pattern that ignores case, in any database, also inside JSON that
    SQLite stores with ``\\uXXXX`` escapes."""
    if ch.isspace():
        return r"\s+"
    if ch.isdigit() and ch.isascii():
        return ch
    variants = {ch, ch.lower(), ch.upper()}
    variants = {v for v in variants if len(v) == 1}
    if not ch.isascii():
        variants |= {json.dumps(v)[1:-1] for v in variants}
        return "(?:" + "|".join(re.escape(v) for v in sorted(variants)) + ")"
    if len(variants) == 1:
        return re.escape(ch)
    return "[" + "".join(sorted(variants)) + "]"


def _text_pattern(text: str) -> str:
    return "".join(_letter(ch) for ch in " ".join(text.split()))


def _phone_digits(telefon: str) -> str:
    """The digits as people write the number at home: a Norwegian number without its country
    code (the pattern takes «+47»/«0047» in front as optional)."""
    try:
        e164 = normalise_phone(telefon)
    except InvalidPhoneNumber:
        e164 = telefon
    digits = "".join(ch for ch in e164 if ch.isdigit())
    return digits[2:] if e164.startswith("+47") else digits


def _phone_pattern(telefon: str) -> str | None:
    digits = _phone_digits(telefon)
    if not digits.isdigit() or len(digits) < 5:
        return None
    return _SEPARATOR.join(digits)


@dataclass(frozen=True)
class Kjennetegn:
    """What identifies a member in free text: name (both orders), e-mail, phone in the common
    Norwegian spellings, street address and member number."""

    patterns: tuple[str, ...]
    phone: str | None
    # Plain spellings, for the audit trail's redaction (it matches substrings).
    needles: tuple[str, ...]

    @classmethod
    def for_medlem(cls, medlem: Medlem) -> Kjennetegn:
        patterns: list[str] = []
        needles: list[str] = []
        fornavn, etternavn = medlem.fornavn.strip(), medlem.etternavn.strip()
        if fornavn and etternavn:
            patterns.append(_text_pattern(f"{fornavn} {etternavn}"))
            patterns.append(rf"{_text_pattern(etternavn)},?\s+{_text_pattern(fornavn)}")
            needles += [f"{fornavn} {etternavn}", f"{etternavn}, {fornavn}"]
        login = medlem.bruker.email if medlem.bruker_id else None
        for text in dict.fromkeys((medlem.epost, login, medlem.adresse, medlem.medlemsnummer)):
            if text and len(text.strip()) >= MIN_NEEDLE:
                patterns.append(_text_pattern(text.strip()))
                needles.append(text.strip())
        phone = _phone_pattern(medlem.telefon)
        if phone:
            digits = _phone_digits(medlem.telefon)
            needles += [*phone_variants(medlem.telefon), digits]
            if len(digits) == 8:
                needles.append(f"{digits[:3]} {digits[3:5]} {digits[5:]}")
                needles.append(" ".join(digits[i : i + 2] for i in range(0, 8, 2)))
        return cls(tuple(patterns), phone, tuple(needles))

    def __bool__(self) -> bool:
        return bool(self.patterns or self.phone)

    @property
    def database_pattern(self) -> str:
        """One expression for the database: it may find a little more than ``replace`` does
        (no word boundaries), never less."""
        parts = [*self.patterns, *([self.phone] if self.phone else [])]
        return "|".join(f"(?:{p})" for p in parts)

    @cached_property
    def _compiled(self) -> re.Pattern[str]:
        # Word and digit boundaries, so that «Kari Hansen» does not eat «Kari Hansensen» and a
        # phone number does not match inside a longer number; a country code goes with it.
        parts = [rf"(?<!\w)(?:{p})(?!\w)" for p in self.patterns]
        if self.phone:
            parts.append(rf"(?:(?:\+|00)\s?47{_SEPARATOR}|(?<!\w))(?:{self.phone})(?!\w)")
        return re.compile("|".join(parts))

    def replace(self, text: str) -> str:
        return self._compiled.sub(SLADDET, text)

    def found_in(self, text: str) -> bool:
        return bool(self._compiled.search(text))


# --- Finding and redacting ---------------------------------------------------------------------


def _matching_rows(model: type[models.Model], fields: list[models.Field], kjennetegn: Kjennetegn):
    """The rows (as dicts of pk and the text fields) where the database finds a mention."""
    pattern = kjennetegn.database_pattern
    annotations = {}
    condition = Q()
    for field in fields:
        if isinstance(field, models.JSONField):
            alias = f"_omtale_{field.attname}"
            annotations[alias] = Cast(field.attname, models.TextField())
            condition |= Q(**{f"{alias}__regex": pattern})
        else:
            condition |= Q(**{f"{field.attname}__regex": pattern})
    queryset = model._base_manager.annotate(**annotations).filter(condition)
    return queryset.values("pk", *(f.attname for f in fields)).iterator(chunk_size=500)


def _replace_json(value: Any, kjennetegn: Kjennetegn) -> Any:
    if isinstance(value, str):
        return kjennetegn.replace(value)
    if isinstance(value, list):
        return [_replace_json(v, kjennetegn) for v in value]
    if isinstance(value, dict):
        return {
            kjennetegn.replace(k) if isinstance(k, str) else k: _replace_json(v, kjennetegn)
            for k, v in value.items()
        }
    return value


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings_in(k)
            yield from strings_in(v)


def sladd_omtaler(kjennetegn: Kjennetegn) -> int:
    """Replace every mention with «[sladdet]» in every walked column; returns the rows changed.
    Rows are updated with ``update()``: a redaction is not an edit by anyone, and must not run
    save() logic such as version history."""
    if not kjennetegn:
        return 0
    changed_rows = 0
    for model, fields in walked_models():
        for row in list(_matching_rows(model, fields, kjennetegn)):
            changes = {}
            for field in fields:
                value = row[field.attname]
                if value is None:
                    continue
                if isinstance(field, models.JSONField):
                    new = _replace_json(value, kjennetegn)
                else:
                    new = kjennetegn.replace(value)
                if new != value and isinstance(field, ADDRESS_FIELDS) and field.blank:
                    # A half-redacted address is no address (and would fail validation).
                    new = ""
                if new != value:
                    changes[field.attname] = new
            if changes:
                model._base_manager.filter(pk=row["pk"]).update(**changes)
                changed_rows += 1
    return changed_rows


def omtaler(kjennetegn: Kjennetegn) -> list[dict[str, str]]:
    """Every mention, for the access export: where (model and field) and the text."""
    found = []
    if not kjennetegn:
        return found
    for model, fields in walked_models():
        for row in _matching_rows(model, fields, kjennetegn):
            for field in fields:
                value = row[field.attname]
                texts = strings_in(value) if isinstance(field, models.JSONField) else [value]
                for text in texts:
                    if text and kjennetegn.found_in(text):
                        found.append(
                            {
                                "hvor": f"{model._meta.verbose_name} ({field.verbose_name})",
                                "tekst": text,
                            }
                        )
    return found
