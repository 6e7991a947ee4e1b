"""The error summary at the top of every page whose form came back with errors.

base.html collects, once, the errors of every bound form and formset in the page's context, so
that each form of the portal gets the summary, the focus on it and the «Feil:» title without
its own template doing anything (the pattern of Designsystemet's and GOV.UK's error summary).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django import template
from django.forms import BaseForm, BoundField
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class SummaryError:
    """One line of the summary: the message, the field's label and the id to link to."""

    message: str
    label: str = ""
    target: str = ""


def _forms_in(values: Iterable[object]) -> Iterator[BaseForm | BaseFormSet]:
    for value in values:
        if isinstance(value, BaseForm | BaseFormSet):
            yield value
        elif isinstance(value, list | tuple):
            yield from (item for item in value if isinstance(item, BaseForm | BaseFormSet))


def _target(field: BoundField) -> str:
    """The id of the element a link to the field should move to."""
    if field.is_hidden:
        return ""
    # Radio buttons and checkbox lists have no element with the field's own id: their first
    # option carries it with the suffix _0 (Django's ChoiceWidget.id_for_label).
    return field.id_for_label or (f"{field.auto_id}_0" if field.auto_id else "")


def _first_target(form: BaseForm) -> str:
    for field in form.visible_fields():
        if target := _target(field):
            return target
    return ""


def _form_errors(form: BaseForm) -> list[SummaryError]:
    if not form.is_bound or not form.errors:
        return []
    lines = [
        SummaryError(str(message), target=_first_target(form))
        for message in form.non_field_errors()
    ]
    # A row of a formset may say whose row it is ("Kari Nordmann – Timer").
    row = getattr(form, "error_summary_label", "")
    for field in form:
        label = str(field.label or "").rstrip(" :")
        if row:
            label = f"{row} – {label}" if label else str(row)
        target = _target(field) or _first_target(form)
        lines.extend(SummaryError(str(message), label, target) for message in field.errors)
    return lines


def _form_and_nested_errors(form: BaseForm) -> list[SummaryError]:
    """The form's errors, then those of formsets it holds (a session's attendance rows)."""
    lines = _form_errors(form)
    for value in vars(form).values():
        if isinstance(value, BaseFormSet):
            lines.extend(_formset_errors(value))
    return lines


def _formset_errors(formset: BaseFormSet) -> list[SummaryError]:
    if not formset.is_bound or formset.is_valid():
        return []
    first = next((_first_target(form) for form in formset.forms), "")
    lines = [SummaryError(str(message), target=first) for message in formset.non_form_errors()]
    for form in formset.forms:
        lines.extend(_form_and_nested_errors(form))
    return lines


@register.simple_tag(takes_context=True)
def collect_form_errors(context: template.Context) -> list[SummaryError]:
    """Every error of every bound form (and formset) the page was given, in form order."""
    lines: list[SummaryError] = []
    seen: set[int] = set()
    for form in _forms_in(context.flatten().values()):
        if id(form) in seen:
            continue
        seen.add(id(form))
        if isinstance(form, BaseFormSet):
            lines.extend(_formset_errors(form))
        else:
            lines.extend(_form_and_nested_errors(form))
    return lines
