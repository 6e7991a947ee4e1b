"""Pieces the activity forms share."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from buskerud_sp.parsing import row_id
from medlemmer.models import Medlem


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


def member_label(medlem: Medlem) -> str:
    return medlem.navn


def limit_rendered_members(
    field: forms.ModelChoiceField, shown: QuerySet[Medlem], selected_ids: list
) -> None:
    """Validate against every member the user may see, but render only ``shown`` (the unit's
    members) plus those already selected: the name search adds others (see aktiviteter.js)."""
    # A tampered id is ignored here and rejected by the field's own validation.
    selected = [pk for pk in map(row_id, selected_ids) if pk is not None]
    members = field.queryset.filter(pk__in=shown.values("pk")) | field.queryset.filter(
        pk__in=selected
    )
    choices = [(m.pk, member_label(m)) for m in members.distinct().order_by("fornavn", "etternavn")]
    if not isinstance(field, forms.ModelMultipleChoiceField):
        choices = [("", "---------"), *choices]
        field.widget.attrs.update(
            {
                "data-member-select": "",
                "data-search-url": reverse("aktiviteter:member_search"),
                "data-placeholder": gettext("Søk etter navn …"),
            }
        )
    field.widget.choices = choices
