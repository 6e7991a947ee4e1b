"""Form widgets for long option lists.

Django renders each ``<option>`` through a template; that costs about a fifth of a
millisecond per option, 100 ms for a national party's 400 chapters and 60 districts on one
filter form (bench/RESULTS.md). These widgets render the same HTML in Python, escaped by
``format_html`` (tests/portal/test_quick_select.py compares the two)."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


class QuickSelect(forms.Select):
    """``forms.Select`` with the options written straight from ``choices``: no option
    dictionaries, no template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        found = False

        def option(choice_value, label) -> str:
            nonlocal found
            text = "" if choice_value is None else str(choice_value)
            selected = text in wanted and not found
            found = found or selected
            return format_html(
                '<option value="{}"{}>{}</option>', text, " selected" if selected else "", label
            )

        def entry(choice_value, label) -> str:
            if isinstance(label, (list, tuple)):
                inner = format_html_join("", "{}", ((option(v, lab),) for v, lab in label))
                return format_html('<optgroup label="{}">{}</optgroup>', choice_value, inner)
            return option(choice_value, label)

        body = format_html_join("", "{}", ((entry(v, label),) for v, label in self.choices))
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), body)
