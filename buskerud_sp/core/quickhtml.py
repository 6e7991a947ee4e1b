"""HTML written in Python for the parts of a page repeated on every row or option, where
Django's template engine costs more than the page's queries (bench/pages.py): the same text as
``{{ value }}`` gives, escaped as ``conditional_escape`` does."""

import html

from django.utils.functional import Promise


def escape(value) -> str:
    """``conditional_escape(value)`` without its lazy-string wrapper and SafeString per call: a
    fraction of the cost, the same text (safe strings pass as they are)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))
