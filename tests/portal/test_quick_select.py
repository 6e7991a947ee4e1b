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
