"""The public calendar's filter: a unit (by its slug, as a chapter's website links to it), a
kind, and coming or earlier events. A value that is not offered is ignored, never an error
page: the filter is read from links others write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aktiviteter.arrangementer.selectors import public_types, public_units


class ArrangementFilterForm(forms.Form):
    lag = forms.ChoiceField(label=_("Lag"), required=False)
    type = forms.ChoiceField(label=_("Hva"), required=False)
    tidligere = forms.BooleanField(label=_("Vis tidligere arrangementer"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.slug: unit for unit in public_units()}
        self.fields["lag"].choices = [("", _("Alle lag"))] + [
            (slug, unit.navn) for slug, unit in self.units.items()
        ]
        self.fields["type"].choices = [("", _("Alle typer")), *public_types()]

    def filters(self) -> dict:
        """The valid filters as keyword arguments of ``public_events``: a bad value drops
        only itself (the form shows why at its field)."""
        data = {}
        if self.is_bound:
            self.is_valid()  # keeps the valid fields in cleaned_data
            data = self.cleaned_data
        return {
            "lag": self.units.get(data.get("lag") or ""),
            "type": data.get("type") or "",
            "earlier": bool(data.get("tidligere")),
        }
