"""The cycle's forms for the year's rules and the meeting's date. Each step's own form lives
beside its view (``views/<step>.py`` imports from here)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.forms.base import DateInput, ModelErrorsAtFieldsMixin, TimeInput
from aktiviteter.arsmote.models import Arsmote, Arsmoteoppsett


class OppsettForm(forms.ModelForm):
    fylkesarsmote_dato = forms.DateField(
        label=_("Fylkesårsmøtet"), required=False, widget=DateInput()
    )
    fylkesarsmote_sted = forms.CharField(
        label=_("Sted for fylkesårsmøtet"), required=False, max_length=200
    )

    class Meta:
        model = Arsmoteoppsett
        fields = ["frist", "varsel_dager", "delegater_grunntall", "delegater_per_medlemmer"]
        widgets = {"frist": DateInput()}

    def clean(self):
        data = super().clean()
        frist, fylke = data.get("frist"), data.get("fylkesarsmote_dato")
        if frist and fylke and frist >= fylke:
            self.add_error(
                "frist", _("Fristen for lokallagenes årsmøter må være før fylkesårsmøtet.")
            )
        if frist and frist.year != self.instance.aar:
            self.add_error("frist", _("Fristen må være i %(aar)s.") % {"aar": self.instance.aar})
        return data


class ArsmoteDatoForm(ModelErrorsAtFieldsMixin, forms.ModelForm):
    class Meta:
        model = Arsmote
        fields = ["dato", "klokkeslett", "sted", "forslagsfrist"]
        widgets = {"dato": DateInput(), "klokkeslett": TimeInput(), "forslagsfrist": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dato"].required = True
        self.fields["sted"].required = True
