"""The form of a reminder rule."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.forms.base import DateInput, TimeInput
from aktiviteter.paaminnelser.models import (
    REGLER_MED_UKEDAG,
    TILLATTE_MOTTAKERE,
    Paaminnelsesregel,
    Regeltype,
)

R = Regeltype


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
    R.ARSMOTE_PURRING: (_("Dager før fristen for lokallagenes årsmøter"), 1, 1, 90),
    R.VALGKAMP_PURRING: (_("Dager før fristen for et valgkampmål"), 1, 1, 60),
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
