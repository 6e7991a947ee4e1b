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


class _LabelColumnIterator(forms.models.ModelChoiceIterator):
    """The choices as ``(pk, label)`` read with ``values_list``: no model instance per
    option (a fifth of the filter form's time with 460 chapters and districts)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", self.field.label_field)


class QuickModelChoiceField(forms.ModelChoiceField):
    """``ModelChoiceField`` whose options show one column (``label_field``), for a model
    whose ``__str__`` is that column; with ``QuickSelect`` by default. Validation is
    Django's (the chosen key is looked up in the queryset)."""

    iterator = _LabelColumnIterator
    widget = QuickSelect

    def __init__(self, queryset, *, label_field: str, **kwargs):
        self.label_field = label_field
        super().__init__(queryset, **kwargs)
