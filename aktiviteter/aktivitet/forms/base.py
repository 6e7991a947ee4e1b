"""Pieces the forms of every slice share (the member picker is ``buskerud_sp.core.member_picker``)."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from lokallag.models import Niva


def unit_members(visible, unit):
    """Of the ``visible`` members, those who belong to ``unit`` (the county: its officers)."""
    if unit is None or unit.niva == Niva.FYLKE:
        return visible.filter(verv__enhet__niva=Niva.FYLKE)
    return visible.filter(lokallag=unit)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class ModelErrorsAtFieldsMixin:
    """The model's ``clean()`` names model fields; when the form lacks one, show the message at
    a field the user sees (``error_field_fallback``) instead of failing."""

    error_field_fallback: dict[str, str] = {}

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            remapped: dict[str, list] = {}
            for name, messages in errors.error_dict.items():
                target = name
                if name != NON_FIELD_ERRORS and name not in self.fields:
                    target = self.error_field_fallback.get(name, NON_FIELD_ERRORS)
                    if target not in self.fields:
                        target = NON_FIELD_ERRORS
                remapped.setdefault(target, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)
