"""QuickSelect renders what Django's Select renders (buskerud_sp.core.widgets), only faster."""

import re

import pytest
from django import forms

from buskerud_sp.core.widgets import QuickSelect

CHOICES = [
    ("", "Alle"),
    ("1", 'Ål & <Gol> "Sp"'),
    ("2", "Bø"),
    ("Gruppe", [("3", "Tre"), ("4", "Fire")]),
]


def _same(html: str) -> str:
    return re.sub(r"\s+", "", html)


@pytest.mark.parametrize("value", [None, "", "2", "4", "<script>"])
@pytest.mark.parametrize("attrs", [{"id": "id_lag"}, {"id": "id_lag", "required": True}])
def test_quick_select_renders_what_select_renders(value, attrs):
    django_html = forms.Select(choices=CHOICES).render("lag", value, attrs=dict(attrs))
    quick_html = QuickSelect(choices=CHOICES).render("lag", value, attrs=dict(attrs))
    assert _same(quick_html) == _same(django_html)
    assert "<Gol>" not in quick_html  # labels are escaped


LONG = [("", "Alle"), *((str(i), f"Lag {i} & <{i}>") for i in range(1, 400)), ("7", "Sju igjen")]


@pytest.mark.parametrize("value", [None, "", "1", "7", "399", "400", "<script>", ["3", "2"]])
def test_a_long_list_kept_between_renders_renders_what_select_renders(value):
    # The options of a flat list are kept per list (the 400 chapters of every filter form);
    # the selected one is still the first with the value, rendered anew each time.
    for _ in range(2):
        django_html = forms.Select(choices=LONG).render("lag", value)
        quick_html = QuickSelect(choices=LONG).render("lag", value)
        assert _same(quick_html) == _same(django_html)


def test_kept_options_follow_the_language():
    from django.utils import translation
    from django.utils.translation import gettext_lazy

    choices = [("", gettext_lazy("All")), ("1", "Ål")]
    with translation.override("en"):
        english = QuickSelect(choices=choices).render("lag", None)
    with translation.override("nb"):
        norwegian = QuickSelect(choices=choices).render("lag", None)
    assert ">All<" in english
    assert ">Alle<" in norwegian


def test_a_label_marked_safe_is_not_escaped_nor_kept_as_the_same_text_unmarked():
    from django.utils.safestring import mark_safe

    plain = QuickSelect(choices=[("1", "<i>Ål</i>")]).render("lag", None)
    safe = QuickSelect(choices=[("1", mark_safe("<i>Ål</i>"))]).render("lag", None)
    assert "&lt;i&gt;Ål&lt;/i&gt;" in plain
    assert "<i>Ål</i>" in safe
    assert _same(safe) == _same(
        forms.Select(choices=[("1", mark_safe("<i>Ål</i>"))]).render("lag", None)
    )


def test_an_option_list_is_not_normalised_again_and_renders_the_same():
    from buskerud_sp.core.widgets import OptionList

    field = forms.ChoiceField(choices=OptionList(LONG), widget=QuickSelect, required=False)
    assert isinstance(field.choices, OptionList)
    assert field.widget.choices is field.choices
    assert field.clean("7") == "7"
    assert _same(field.widget.render("lag", "7")) == _same(
        forms.Select(choices=LONG).render("lag", "7")
    )
