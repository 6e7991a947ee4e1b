"""Rendering the copies of one mail to many recipients: the templates once, the recipients'
own values put in afterwards.

A reminder or a newsletter to thousands of members renders the same three templates with the
same context but for each recipient's name and unsubscribe link. ``FellesRendering`` renders
them once per distinct shared context with a marker in place of each personal value, and puts
each recipient's value where the marker came out (HTML-escaped where the template escaped it:
the marker holds a ``&``, so an escaped marker looks different from a raw one).

It stays exact: a personal value that is empty or not a string is part of the shared context
(a ``{% if navn %}`` renders as for the recipient), the subject's whitespace is collapsed after
the values are in (as ``render_mail`` does), and the first time a shared context comes round
again its cheap result is compared with the full rendering of the first recipient; only if they
are equal is it used from then on (a template that filters or compares a personal value,
``|upper`` or ``|length``, fails the comparison and is rendered in full for every recipient).
A context with a value that cannot be a dictionary key (a list) is always rendered in full.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable

from django.utils.html import escape
from django.utils.translation import get_language

Rendered = tuple[str, str, str]  # subject, text, html

_MARK = "\x00&{}\x00"


def _collapse(subject: str) -> str:
    return " ".join(subject.split())


class FellesRendering:
    """One per batch of copies; ``render(name, context)`` returns what
    ``render_mail(name, context)`` would."""

    def __init__(self, render: Callable[[str, dict], Rendered], personlige: Iterable[str]):
        self._render = render
        self._personlige = frozenset(personlige)
        # key -> ("first", context, rendered) | ("marked", rendered with markers) | ("full",)
        self._seen: dict[Hashable, tuple] = {}
        self.cheap = 0  # copies made from a kept rendering (for the tests)

    def _split(self, name: str, context: dict) -> tuple[Hashable, dict[str, str]] | None:
        personal: dict[str, str] = {}
        shared = []
        for key, value in context.items():
            if key in self._personlige and isinstance(value, str) and value:
                personal[key] = value
            else:
                shared.append((key, type(value), value))
        if not personal:
            return None
        try:
            key = (name, get_language(), frozenset(shared), frozenset(personal))
            hash(key)
        except TypeError:
            return None
        return key, personal

    def render(self, name: str, context: dict) -> Rendered:
        split = self._split(name, context)
        if split is None:
            return self._render(name, context)
        key, personal = split
        seen = self._seen.get(key)
        if seen is None:
            rendered = self._render(name, context)
            self._seen[key] = ("first", personal, rendered)
            return rendered
        if seen[0] == "full":
            return self._render(name, context)
        if seen[0] == "first":
            marked = self._render(name, {**context, **{k: _MARK.format(k) for k in personal}})
            if self._fill(marked, seen[1]) != seen[2]:
                self._seen[key] = ("full",)
                return self._render(name, context)
            self._seen[key] = seen = ("marked", marked)
        filled = self._fill(seen[1], personal)
        if filled is None:  # a marker the values did not replace: render this one in full
            return self._render(name, context)
        self.cheap += 1
        return filled

    @staticmethod
    def _fill(marked: Rendered, personal: dict[str, str]) -> Rendered | None:
        parts = list(marked)
        for key, value in personal.items():
            mark = _MARK.format(key)
            escaped_mark, escaped_value = escape(mark), escape(value)
            for i, part in enumerate(parts):
                parts[i] = part.replace(escaped_mark, escaped_value).replace(mark, value)
        if any("\x00" in part for part in parts):
            return None
        subject, text, html = parts
        return _collapse(subject), text, html
