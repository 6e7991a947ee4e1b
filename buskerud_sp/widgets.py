"""Form widgets for long option lists.

Django renders each ``<option>`` through a template; that costs about a fifth of a
millisecond per option, 100 ms for a national party's 400 chapters and 60 districts on one
filter form (bench/RESULTS.md). These widgets render the same HTML in Python, escaped by
``format_html``, with the same context (``get_context``) Django's templates get."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _options(options) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((o["value"], flatatt(o["attrs"]), o["label"]) for o in options),
    )


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            if group_name is None:
                parts.append(_options(options))
            else:
                parts.append(
                    format_html('<optgroup label="{}">{}</optgroup>', group_name, _options(options))
                )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(parts)),  # noqa: S308  (every part built by format_html)
        )
