"""The newsletter's form: from (the units the writer may send for), to (a group, an age band
or an AdHoc group), the subject, the text and the optional SMS. The rules of the sending are
checked by the service (``nyhetsbrev_lagre``), whose messages the view puts at the fields."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from aktiviteter.utsendinger.models import Utsending
from aktiviteter.utsendinger.services.nyhetsbrev import adhoc_grupper_for, avsendere_for


class NyhetsbrevForm(forms.ModelForm):
    class Meta:
        model = Utsending
        fields = [
            "avsender",
            "gruppe",
            "alder_fra",
            "alder_til",
            "adhoc_gruppe",
            "emne",
            "tekst",
            "med_sms",
            "sms_tekst",
        ]
        widgets = {
            "tekst": forms.Textarea(attrs={"rows": 14}),
            "sms_tekst": forms.Textarea(attrs={"rows": 4}),
            "alder_fra": forms.NumberInput(attrs={"min": 0, "max": 120}),
            "alder_til": forms.NumberInput(attrs={"min": 0, "max": 120}),
        }

    def __init__(self, *args, bruker, **kwargs):
        super().__init__(*args, **kwargs)
        # The sending's rules give the clearer messages (``sjekk``): no subject, no text, an
        # SMS longer than three messages (which depends on its alphabet, not a fixed length).
        for name in ("emne", "tekst"):
            self.fields[name].required = False
        sms_field = self.fields["sms_tekst"]
        sms_field.max_length = None
        sms_field.validators = [
            v for v in sms_field.validators if not isinstance(v, MaxLengthValidator)
        ]
        sms_field.widget.attrs.pop("maxlength", None)
        units = avsendere_for(bruker)
        self.fields["avsender"].queryset = units
        self.fields["avsender"].empty_label = None
        self.fields["adhoc_gruppe"].queryset = adhoc_grupper_for(bruker)
        self.fields["adhoc_gruppe"].label_from_instance = lambda g: f"{g.tema} ({g.enhet.navn})"
        self.fields["alder_fra"].help_text = _("Gjelder «En aldersgruppe».")
        self.fields["adhoc_gruppe"].help_text = _("Gjelder «En AdHoc-gruppe».")
        self.fields["sms_tekst"].help_text = _(
            "Opptil 3 SMS-er (459 tegn; færre med emoji). Antall SMS-er og prisen vises før "
            "du sender."
        )
