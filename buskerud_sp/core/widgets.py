"""Form widgets for long option lists.

Django renders each ``<option>`` through a template; that costs about a fifth of a
millisecond per option, 100 ms for a national party's 400 chapters and 60 districts on one
filter form (bench/RESULTS.md). These widgets render the same HTML in Python, escaped as
``conditional_escape`` does (tests/portal/test_quick_select.py compares the two)."""

import html

from django import forms
from django.forms.utils import flatatt
from django.utils.functional import Promise
from django.utils.safestring import mark_safe


def _escape(value) -> str:
    # ``conditional_escape`` without its lazy-string wrapper and SafeString per call: a
    # fraction of the cost per option, the same text.
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


class QuickSelect(forms.Select):
    """``forms.Select`` with the options written straight from ``choices``: no option
    dictionaries, no template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        found = False
        parts: list[str] = []

        def option(choice_value, label) -> None:
            nonlocal found
            text = "" if choice_value is None else str(choice_value)
            selected = text in wanted and not found
            found = found or selected
            parts.append(
                f'<option value="{_escape(text)}"{" selected" if selected else ""}>'
                f"{_escape(label)}</option>"
            )

        for choice_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                parts.append(f'<optgroup label="{_escape(choice_value)}">')
                for inner_value, inner_label in label:
                    option(inner_value, inner_label)
                parts.append("</optgroup>")
            else:
                option(choice_value, label)
        final_attrs = self.build_attrs(self.attrs, attrs)
        # Every value above is escaped, the attributes by flatatt.
        return mark_safe(  # noqa: S308  # nosec B308 B703
            f'<select name="{_escape(name)}"{flatatt(final_attrs)}>{"".join(parts)}</select>'
        )
