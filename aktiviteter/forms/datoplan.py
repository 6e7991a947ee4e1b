"""Forms of the date plan and of the reminder rules."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from buskerud_sp.member_picker import limit_rendered_members, member_label
from lokallag.models import Lokallag, Verv
from medlemmer.models import Medlem

from ..models import Aktivitet, Datoplanpunkt, Paaminnelsesregel, Regeltype
from ..models.paaminnelser import REGLER_MED_UKEDAG, TILLATTE_MOTTAKERE
from .base import ModelErrorsAtFieldsMixin

R = Regeltype


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class DatoplanpunktForm(ModelErrorsAtFieldsMixin, forms.ModelForm):
    """Add or change (move) an item; the plan is given by the view."""

    class Meta:
        model = Datoplanpunkt
        fields = [
            "tittel",
            "type",
            "fra_dato",
            "til_dato",
            "fase",
            "malgruppe",
            "ansvarlig_enhet",
            "ansvarlig_person",
            "beskrivelse",
        ]
        widgets = {
            "fra_dato": DateInput(),
            "til_dato": DateInput(),
            "beskrivelse": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, aar: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.aar = aar
        self.fields["fase"].choices = [("", _("Etter datoen")), *self.fields["fase"].choices[1:]]
        self.fields["ansvarlig_enhet"].queryset = (
            Lokallag.objects.visible_to(user).aktive().order_by("niva", "navn")
        )
        person = self.fields["ansvarlig_person"]
        person.queryset = Medlem.objects.visible_to(user).aktive().ikke_anonymisert()
        person.label_from_instance = member_label
        officers = person.queryset.filter(pk__in=Verv.objects.aktive().values("medlem_id"))
        selected = self.data.getlist("ansvarlig_person") if self.is_bound else []
        if not self.is_bound and self.instance.ansvarlig_person_id:
            selected = [self.instance.ansvarlig_person_id]
        limit_rendered_members(person, officers, selected)

    def clean_fra_dato(self):
        value = self.cleaned_data["fra_dato"]
        if value.year != self.aar:
            raise forms.ValidationError(
                _("Datoen må være i %(aar)s, året for datoplanen.") % {"aar": self.aar}
            )
        return value


class AvholdtForm(forms.Form):
    aktivitet = forms.ModelChoiceField(
        label=_("Aktiviteten der det ble gjennomført"),
        queryset=Aktivitet.objects.none(),
        required=False,
        help_text=_("Valgfritt: aktiviteter innen en måned fra datoen."),
    )

    def __init__(self, *args, user, punkt: Datoplanpunkt, **kwargs):
        super().__init__(*args, **kwargs)
        month = datetime.timedelta(days=31)
        self.fields["aktivitet"].queryset = (
            Aktivitet.objects.visible_to(user)
            .filter(dato__range=(punkt.fra_dato - month, punkt.slutt_dato + month))
            .select_related("enhet")
            .order_by("dato", "pk")
        )
        self.fields["aktivitet"].label_from_instance = lambda a: (
            f"{a.dato:%d.%m.%Y} {a.tittel} ({a.enhet.navn})"
        )


# The meaning of «dager» for each rule: (label, sign, min, max). The sign turns «days after»
# into the negative lead time the model stores.
DAGER_FELT: dict[str, tuple[str, int, int, int]] = {
    R.TIRSDAG_KVELDEN_FOR: (_("Dager før møtet"), 1, 0, 6),
    R.TIRSDAG_MORGEN: (_("Dager før møtet"), 1, 0, 6),
    R.TIRSDAG_ANTALL: (_("Dager etter møtet"), -1, 0, 6),
    R.TIRSDAG_ANTALL_PURRING: (_("Dager etter møtet"), -1, 0, 6),
    R.LEDERMOTE_OPPRETT: (_("Dager fra kvartalets start til møtet (omtrent)"), 1, 21, 84),
    R.LEDERMOTE_INVITASJON: (_("Dager før møtet"), 1, 1, 60),
    R.LEDERMOTE_PAAMINNELSE: (_("Dager før møtet"), 1, 0, 14),
    R.LEDERMOTE_OPPMOTE: (_("Dager etter møtet"), -1, 0, 14),
    R.DATOPLAN_FRIST_1: (_("Dager før punktet"), 1, 1, 90),
    R.DATOPLAN_FRIST_2: (_("Dager før punktet"), 1, 0, 30),
    R.DATOPLAN_FORFALT: (_("Dager etter siste dag"), -1, 1, 30),
}
TEKST_FELT = {
    R.TIRSDAGSMOTE: _("Innringingsdetaljer (telefonnummer, PIN eller lenke)"),
    R.LEDERMOTE_OPPRETT: _("Sted"),
}
KLOKKESLETT_FELT = {
    R.TIRSDAGSMOTE: _("Møtet begynner kl."),
    R.LEDERMOTE_OPPRETT: _("Møtet begynner kl."),
}


class RegelForm(forms.ModelForm):
    """One rule, with only the fields that mean something for it."""

    class Meta:
        model = Paaminnelsesregel
        fields = [
            "aktiv",
            "ukedag",
            "klokkeslett",
            "dager",
            "mottakere",
            "tekst",
            "pause_fra",
            "pause_til",
            "hopp_over_helligdager",
        ]
        widgets = {
            "klokkeslett": TimeInput(),
            "pause_fra": DateInput(),
            "pause_til": DateInput(),
        }
        labels = {"aktiv": _("Aktiv (ta bort haken for å sette regelen på pause)")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        key = self.instance.nokkel
        if key not in REGLER_MED_UKEDAG:
            del self.fields["ukedag"]
        else:
            self.fields["ukedag"].required = True
        if key in DAGER_FELT:
            label, sign, low, high = DAGER_FELT[key]
            self.fields["dager"] = forms.IntegerField(label=label, min_value=low, max_value=high)
            if not self.is_bound:
                self.initial["dager"] = sign * self.instance.dager
        else:
            del self.fields["dager"]
        allowed = TILLATTE_MOTTAKERE.get(key, ())
        if allowed:
            field = self.fields["mottakere"]
            field.required = True
            field.choices = [(c, label) for c, label in field.choices if c in allowed]
        else:
            del self.fields["mottakere"]
        if key in TEKST_FELT:
            self.fields["tekst"].label = TEKST_FELT[key]
        else:
            del self.fields["tekst"]
        self.fields["klokkeslett"].label = KLOKKESLETT_FELT.get(key, _("Sendes kl."))
        self.fields["pause_fra"].help_text = _("Ingen påminnelser for datoer i pausen.")
        self.fields["pause_til"].help_text = _("Tomt: pausen varer til den tas bort.")
        if key == R.TIRSDAGSMOTE:
            self.fields["pause_fra"].help_text = _(
                "Ingen tirsdagsmøter for datoer i pausen: møtene avlyses, og ingen påminnelser, "
                "antallsforespørsler eller purringer sendes om dem."
            )
            self.fields["hopp_over_helligdager"].help_text = _(
                "Ingen tirsdagsmøte på offentlige helligdager, julaften og nyttårsaften."
            )
        elif key == R.LEDERMOTE_OPPRETT:
            del self.fields["hopp_over_helligdager"]
        else:
            self.fields["hopp_over_helligdager"].help_text = _(
                "Faller utsendingen på en helligdag, julaften eller nyttårsaften, sendes den "
                "neste virkedag."
            )

    def clean_dager(self):
        value = self.cleaned_data["dager"]
        return DAGER_FELT[self.instance.nokkel][1] * value
