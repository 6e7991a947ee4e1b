"""Forms for visits from the county, the chapter tour, co-hosts and media appearances."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokallag.models import Lokallag, Niva
from lokallag.oppfolging.services import board_members
from medlemmer.models import Medlem

from ..models import Aktivitet, Besoksrolle, Medieoppslag
from .aktivitet import MemberCheckboxes
from .base import limit_rendered_members

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BesokForm(forms.Form):
    """Add a visitor to an activity: usually a board member; anyone by name search."""

    medlem = forms.ModelChoiceField(label=_("Hvem"), queryset=Medlem.objects.none())
    rolle = forms.ChoiceField(label=_("Som"), choices=Besoksrolle.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Medlem.objects.visible_to(user).aktive()
        self.fields["medlem"].queryset = visible
        chosen = [self.data.get("medlem")] if self.is_bound else []
        limit_rendered_members(self.fields["medlem"], board_members(), chosen)


class ReiserundeForm(forms.Form):
    """One stop of the chapter tour («reiserunde»): where, when, and who comes."""

    lokallag = forms.ModelChoiceField(
        label=_("Lokallag"), queryset=Lokallag.objects.none(), empty_label=_("Velg lokallag")
    )
    dato = forms.DateField(label=_("Dato"), widget=DATE)
    starttid = forms.TimeField(
        label=_("Fra kl."),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    sted = forms.CharField(label=_("Sted"), max_length=200, required=False)
    tittel = forms.CharField(
        label=_("Tittel"), max_length=200, initial=_("Reiserunde: besøk fra fylket")
    )
    besokende = forms.ModelMultipleChoiceField(
        label=_("Hvem kommer"),
        queryset=Medlem.objects.none(),
        widget=MemberCheckboxes,
        help_text=_("Skriv et navn for å finne andre, for eksempel toppkandidater."),
    )
    rolle = forms.ChoiceField(
        label=_("Som"), choices=Besoksrolle.choices, initial=Besoksrolle.TOPPKANDIDAT
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lokallag"].queryset = (
            Lokallag.objects.visible_to(user).lokallag().aktive().order_by("navn")
        )
        visible = Medlem.objects.visible_to(user).aktive()
        self.fields["besokende"].queryset = visible
        selected = self.data.getlist("besokende") if self.is_bound else []
        limit_rendered_members(self.fields["besokende"], board_members(), selected)


class MedvertForm(forms.Form):
    lokallag = forms.ModelMultipleChoiceField(
        label=_("Medarrangører"),
        queryset=Lokallag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Lag i samme distrikt som arrangerer aktiviteten sammen med dere."),
    )

    def __init__(self, *args, aktivitet: Aktivitet, **kwargs):
        super().__init__(*args, **kwargs)
        host = aktivitet.enhet
        self.fields["lokallag"].queryset = (
            Lokallag.objects.lokallag()
            .aktive()
            .filter(distrikt_id=host.distrikt_id)
            .exclude(pk=host.pk)
            .order_by("navn")
            if host.niva == Niva.LOKAL and host.distrikt_id
            else Lokallag.objects.none()
        )
        self.initial.setdefault(
            "lokallag", list(aktivitet.medverter.values_list("lokallag_id", flat=True))
        )


class MedieoppslagForm(forms.ModelForm):
    class Meta:
        model = Medieoppslag
        fields = ["lokallag", "type", "dato", "medium", "tittel", "lenke"]
        widgets = {"dato": DATE, "type": forms.RadioSelect}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lokallag"].queryset = units.order_by("niva", "navn")
        self.fields["lokallag"].empty_label = None
        self.fields["type"].choices = list(self.fields["type"].choices)[1:]
        if not self.instance.pk:
            self.fields["dato"].initial = timezone.localdate()


class PeriodeForm(forms.Form):
    fra = forms.DateField(label=_("Fra"), required=False, widget=DATE)
    til = forms.DateField(label=_("Til"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["til"] < data["fra"]:
            self.add_error("til", _("Til-datoen kan ikke være før fra-datoen."))
        return data

    def period(self, default: tuple[datetime.date, datetime.date]):
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("fra") or default[0], data.get("til") or default[1]
