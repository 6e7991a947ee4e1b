"""Admins add and edit the plan's targets per year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aktiviteter.dashbord.models import MAALINGER, Maal, Maalart, Maaling, Terskelvurdering

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The parameters a measurement may use; the others are emptied before saving.
PARAMS = ("aktivitetstype", "studieplan", "rolle", "dager")


def _needs() -> str:
    lines = []
    for value, label in Maaling.choices:
        params = MAALINGER[value].params
        if params:
            names = ", ".join(str(Maal._meta.get_field(p).verbose_name) for p in sorted(params))
            lines.append(f"{label}: {names}")
    return "; ".join(lines)


class MaalForm(forms.ModelForm):
    class Meta:
        model = Maal
        fields = [
            "aar",
            "navn",
            "beskrivelse",
            "maaling",
            "aktivitetstype",
            "kun_ute_med_temamote",
            "studieplan",
            "rolle",
            "dager",
            "art",
            "vurdering",
            "maalverdi",
            "grunnlinje",
            "periode",
            "frist",
            "rekkefolge",
            "aktiv",
        ]
        widgets = {"frist": DATE, "beskrivelse": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["maaling"].help_text = _("Noen målinger trenger mer: %(krav)s.") % {
            "krav": _needs()
        }
        self.fields["aar"].widget.attrs.update({"min": 2000, "max": 2100})
        self.fields["vurdering"].required = False  # left out: judged per meeting

    def clean_aar(self):
        aar = self.cleaned_data["aar"]
        if not 2000 <= aar <= 2100:
            raise forms.ValidationError(_("Oppgi et planår mellom 2000 og 2100."))
        return aar

    def clean(self):
        data = super().clean()
        spec = MAALINGER.get(data.get("maaling") or "")
        if spec is not None:
            # A parameter the measurement does not read would only confuse the next reader.
            for name in PARAMS:
                if name not in spec.params:
                    data[name] = None if name == "dager" else ""
            if data.get("maaling") != Maaling.AKTIVITETER:
                data["kun_ute_med_temamote"] = False
        if data.get("art") != Maalart.TERSKEL or not data.get("vurdering"):
            data["vurdering"] = Terskelvurdering.HVER_GANG  # only a threshold per meeting reads it
        return data
