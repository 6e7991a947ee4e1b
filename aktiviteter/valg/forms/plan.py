"""The forms of the elections and the campaign plan. Each message stands at its field; the
services check the same rules again (a crafted POST meets them too)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.forms.base import DateInput
from aktiviteter.valg.models import Maalart, Valg, Valgkampmaal
from lokallag.models import Distrikt


class ValgForm(forms.ModelForm):
    class Meta:
        model = Valg
        fields = ["type", "dato", "kampanjestart"]
        widgets = {"dato": DateInput(), "kampanjestart": DateInput()}

    def clean(self):
        # The start after the day is refused at its field by ``Valg.clean``.
        data = super().clean()
        typ, dato = data.get("type"), data.get("dato")
        if typ and dato:
            same = Valg.objects.filter(type=typ, dato=dato).exclude(pk=self.instance.pk)
            if same.exists():
                self.add_error("dato", _("Dette valget finnes allerede."))
        return data

    def validate_constraints(self):
        # The constraints' rules stand at their fields (above and ``Valg.clean``); the
        # database still enforces them.
        return None


def _dager_for_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Frist (dager før valgdagen)"),
        min_value=0,
        max_value=365,
        help_text=_("0 betyr valgdagen selv."),
    )


class _FristMixin:
    """The deadline must fall within the campaign: on or after its start."""

    valg: Valg

    def clean_dager_for(self):
        dager = self.cleaned_data["dager_for"]
        longest = (self.valg.dato - self.valg.kampanjestart).days
        if dager > longest:
            self.add_error(
                "dager_for",
                _(
                    "Fristen kan ikke være før valgkampen begynner (%(start)s): "
                    "høyst %(dager)s dager før valgdagen."
                )
                % {"start": self.valg.kampanjestart.strftime("%d.%m.%Y"), "dager": longest},
            )
        return dager


class Hvem:
    ALLE = "alle"
    DISTRIKT = "distrikt"
    VALGTE = "valgte"


class MaalForm(_FristMixin, forms.Form):
    """One goal for many chapters at once: every chapter the user plans for, a district's, or
    those ticked. A chapter that has a goal of the kind gets it changed."""

    art = forms.ChoiceField(label=_("Mål"), choices=Maalart.choices)
    antall = forms.IntegerField(label=_("Antall"), min_value=1, max_value=500)
    dager_for = forms.IntegerField()
    hvem = forms.ChoiceField(
        label=_("For"),
        choices=[
            (Hvem.ALLE, _("Alle lag")),
            (Hvem.DISTRIKT, _("Lagene i et distrikt")),
            (Hvem.VALGTE, _("Valgte lag")),
        ],
        widget=forms.RadioSelect,
        initial=Hvem.ALLE,
    )
    distrikt = forms.ModelChoiceField(
        label=_("Distrikt"), queryset=Distrikt.objects.none(), required=False
    )
    lokallag = forms.ModelMultipleChoiceField(
        label=_("Lokallag"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, valg: Valg, lag, **kwargs):
        super().__init__(*args, **kwargs)
        self.valg = valg
        self.lag = lag
        self.fields["dager_for"] = _dager_for_field()
        self.fields["lokallag"].queryset = lag.order_by("navn")
        self.fields["distrikt"].queryset = Distrikt.objects.filter(
            pk__in=lag.values("distrikt")
        ).order_by("rekkefolge", "navn")

    def clean(self):
        data = super().clean()
        hvem = data.get("hvem")
        if hvem == Hvem.DISTRIKT:
            if not data.get("distrikt"):
                self.add_error("distrikt", _("Velg et distrikt."))
            else:
                data["valgte_lag"] = list(self.lag.filter(distrikt=data["distrikt"]))
        elif hvem == Hvem.VALGTE:
            if not data.get("lokallag"):
                self.add_error("lokallag", _("Kryss av for minst ett lokallag."))
            else:
                data["valgte_lag"] = list(data["lokallag"])
        elif hvem == Hvem.ALLE:
            data["valgte_lag"] = list(self.lag)
        if hvem and not self.errors and not data.get("valgte_lag"):
            self.add_error("hvem", _("Ingen lokallag å sette målet for."))
        return data


class MaalEndreForm(_FristMixin, forms.ModelForm):
    class Meta:
        model = Valgkampmaal
        fields = ["antall", "dager_for"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.valg = self.instance.valg
        self.fields["antall"] = forms.IntegerField(label=_("Antall"), min_value=1, max_value=500)
        self.fields["dager_for"] = _dager_for_field()


class RapportForm(forms.Form):
    rapportert = forms.IntegerField(
        label=_("Antall innlegg så langt"), min_value=0, max_value=10000
    )
