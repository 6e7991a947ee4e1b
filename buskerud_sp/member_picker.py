"""Choosing members on a form: every app's forms validate against the members the user may see
but render only a short list, and the name search (``aktiviteter.js``) finds the others."""

from django import forms
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from buskerud_sp.parsing import row_id


class MemberCheckboxes(forms.CheckboxSelectMultiple):
    # In an app's templates: the default form renderer does not read the project's DIRS.
    template_name = "buskerud_sp/widgets/member_checkboxes.html"


def member_label(medlem: Model) -> str:
    return medlem.navn


def limit_rendered_members(
    field: forms.ModelChoiceField, shown: QuerySet, selected_ids: list
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
