"""Choosing members on a form: every app's forms validate against the members the user may see
but render only a short list, and the name search (``static/js/sections.js``) finds the others.

The name search is a view of a higher app: that app names its URL here from its
``AppConfig.ready`` (``register_search_url``), so the base layer knows no app's URLs."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils.translation import gettext

from buskerud_sp.core.parsing import row_id

_search_url_name: str | None = None


def register_search_url(url_name: str) -> None:
    """Called by the ``AppConfig.ready`` of the app that serves the name search (a JSON list
    of the members the user may see whose name matches ``?q=``)."""
    global _search_url_name
    _search_url_name = url_name


def search_url() -> str:
    if _search_url_name is None:
        raise ImproperlyConfigured(
            "No member search URL: is the app that registers it (register_search_url) installed?"
        )
    return reverse(_search_url_name)


class MemberCheckboxes(forms.CheckboxSelectMultiple):
    # In an app's templates: the default form renderer does not read the project's DIRS.
    template_name = "buskerud_sp/widgets/member_checkboxes.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = search_url()
        return context


def member_label(medlem: Model) -> str:
    return medlem.navn


def member_label_with_chapter(medlem: Model) -> str:
    """«Navn (Lokallag)»: for lists of members from many chapters, where names repeat."""
    return f"{medlem.navn} ({medlem.lokallag.navn})" if medlem.lokallag_id else medlem.navn


def limit_rendered_members(
    field: forms.ModelChoiceField,
    shown: QuerySet,
    selected_ids: list,
    *,
    label: Callable[[Model], str] = member_label,
) -> None:
    """Validate against every member the user may see, but render only ``shown`` (the unit's
    members) plus those already selected: the name search adds others (see static/js/sections.js)."""
    # A tampered id is ignored here and rejected by the field's own validation.
    selected = [pk for pk in map(row_id, selected_ids) if pk is not None]
    members = field.queryset.filter(pk__in=shown.values("pk")) | field.queryset.filter(
        pk__in=selected
    )
    members = members.distinct().select_related("lokallag").order_by("fornavn", "etternavn")
    choices = [(m.pk, label(m)) for m in members]
    if not isinstance(field, forms.ModelMultipleChoiceField):
        choices = [("", "---------"), *choices]
        field.widget.attrs.update(
            {
                "data-member-select": "",
                "data-search-url": search_url(),
                "data-placeholder": gettext("Søk etter navn …"),
            }
        )
    field.widget.choices = choices
