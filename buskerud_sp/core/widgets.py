"""Form widgets for long option lists.

Django renders each ``<option>`` through a template; that costs about a fifth of a
millisecond per option, 100 ms for a national party's 400 chapters and 60 districts on one
filter form (bench/RESULTS.md). These widgets render the same HTML in Python, escaped by
``format_html`` (tests/portal/test_quick_select.py compares the two)."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString


class QuickSelect(forms.Select):
    """``forms.Select`` with the options written straight from ``choices``: no option
    dictionaries, no template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        found = False

        # Plain string formatting with each value and label escaped: format_html per option
        # cost as much again as the options themselves (the activity list's 460 options).
        def option(choice_value, label) -> str:
            nonlocal found
            text = "" if choice_value is None else str(choice_value)
            selected = text in wanted and not found
            found = found or selected
            return (
                f'<option value="{escape(text)}"{" selected" if selected else ""}>'
                f"{conditional_escape(label)}</option>"
            )

        def entry(choice_value, label) -> str:
            if isinstance(label, (list, tuple)):
                inner = "".join(option(v, lab) for v, lab in label)
                return f'<optgroup label="{conditional_escape(choice_value)}">{inner}</optgroup>'
            return option(choice_value, label)

        # Safe: every value and label in it went through escape/conditional_escape above.
        body = SafeString("".join(entry(v, label) for v, label in self.choices))  # nosec B703
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), body)
