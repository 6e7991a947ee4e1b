"""Form widgets for long option lists.

Django renders each ``<option>`` through a template; that costs about a fifth of a
millisecond per option, 100 ms for a national party's 400 chapters and 60 districts on one
filter form (bench/RESULTS.md). These widgets render the same HTML in Python, escaped as
``conditional_escape`` does (tests/portal/test_quick_select.py compares the two)."""

import html
from functools import lru_cache

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe

from .quickhtml import escape as _escape


class OptionList(BaseChoiceIterator):
    """Choices already as ``(value, label)`` pairs (e.g. kept per data version), for a field's
    ``choices``: Django normalises a list again each time it is set (on the field, then on its
    widget: a millisecond for 400 chapters), an iterator not."""

    def __init__(self, choices):
        self.choices = list(choices)

    def __iter__(self):
        return iter(self.choices)

    def __len__(self) -> int:
        return len(self.choices)


@lru_cache(maxsize=64)
def _options(choices: tuple[tuple[str, str], ...]) -> str:
    # The options of a flat list, none selected: a user's filter form shows the same 400
    # chapters on every page until the data changes. The key is the whole list as text (the
    # labels in the language shown), so a kept rendering is only ever given for the same list.
    return "".join(
        f'<option value="{_escape(value)}">{_escape(label)}</option>' for value, label in choices
    )


class QuickSelect(forms.Select):
    """``forms.Select`` with the options written straight from ``choices``: no option
    dictionaries, no template per option."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        final_attrs = self.build_attrs(self.attrs, attrs)
        # Every value below is escaped, the attributes by flatatt.
        return mark_safe(  # noqa: S308  # nosec B308 B703
            f'<select name="{_escape(name)}"{flatatt(final_attrs)}>'
            f"{self._render_options(wanted)}</select>"
        )

    def _render_options(self, wanted: set[str]) -> str:
        flat = []
        for choice_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                return self._render_each(wanted)
            text = "" if choice_value is None else str(choice_value)
            label = str(label)
            # Text marked safe is equal as a key to the same text unmarked, but not escaped.
            if type(text) is not str or type(label) is not str:
                return self._render_each(wanted)
            flat.append((text, label))
        options = _options(tuple(flat))
        # The first option whose value is wanted is selected, as Select selects it (labels are
        # escaped, so the text below is found only at an option's start).
        starts = [options.find(f'<option value="{html.escape(text)}">') for text in wanted]
        starts = [start for start in starts if start >= 0]
        if not starts:
            return options
        at = options.index(">", min(starts))
        return f"{options[:at]} selected{options[at:]}"

    def _render_each(self, wanted: set[str]) -> str:
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
        return "".join(parts)


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
