"""The right of access as a member reads it: the sections of ``innsyn.member_data`` with
Norwegian headings and labels, «ja»/«nei», dates as Norwegians write them and empty sections
said in words. Formatting happens here once, for every app's sections: the page and the text
export show this; the JSON export keeps the raw keys and values for machines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from buskerud_sp.core.telefon import format_phone

from . import innsyn


@dataclass
class Felt:
    """One labelled value; a list of records inside a section has ``rows`` instead."""

    label: str
    value: str = ""
    rows: list[list[Felt]] | None = None


@dataclass
class Del:
    """One section: ``fields`` for one record, ``rows`` for a list; ``tom`` says it in words."""

    key: str
    title: str
    fields: list[Felt] = field(default_factory=list)
    rows: list[list[Felt]] = field(default_factory=list)
    tom: str = ""


def empty_text() -> str:
    return _("Ingen registrert")


def label(key: str) -> str:
    """The Norwegian label of a key (registered with the section), never the raw key."""
    text = innsyn.LABELS.get(key)
    return capfirst(str(text)) if text else capfirst(key.replace("_", " "))


def value_text(key: str, value: object) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(local, "j. F Y \\k\\l. H.i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j. F Y")
    if isinstance(value, list | tuple):
        return ", ".join(value_text(key, v) for v in value) if value else empty_text()
    if key == "telefon":
        return format_phone(str(value))
    if key in innsyn.CHOICES:
        return str(innsyn.CHOICES[key].get(str(value), value))
    return str(value)


def _fields(record: dict) -> list[Felt]:
    out = []
    for key, value in record.items():
        if isinstance(value, list) and any(isinstance(v, dict) for v in value):
            out.append(Felt(label(key), rows=[_fields(v) for v in value]))
        else:
            out.append(Felt(label(key), value_text(key, value)))
    return out


def readable(data: dict) -> list[Del]:
    """``innsyn.member_data`` as the sections a member reads, in the same order."""
    parts = []
    for key, value in data.items():
        part = Del(key=key, title=capfirst(str(innsyn.TITLES.get(key) or label(key))))
        if isinstance(value, dict):
            part.fields = _fields(value)
        elif value:
            part.rows = [_fields(row) for row in value]
        if not part.fields and not part.rows:
            part.tom = empty_text()
        parts.append(part)
    return parts
