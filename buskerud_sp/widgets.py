"""Form widgets for long option lists.

Django renders each ``<option>`` through a template; that costs about a fifth of a
millisecond per option, 100 ms for a national party's 400 chapters and 60 districts on one
filter form (bench/RESULTS.md). These widgets render the same HTML in Python, escaped by
``format_html``, with the same context (``get_context``) Django's templates get."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join


def _options(options) -> str:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((o["value"], flatatt(o["attrs"]), o["label"]) for o in options),
    )


class QuickSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        body = format_html_join(
            "", "{}", ((_group(label, options),) for label, options, _ in widget["optgroups"])
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), body
        )


def _group(label, options) -> str:
    if label is None:
        return _options(options)
    return format_html('<optgroup label="{}">{}</optgroup>', label, _options(options))
