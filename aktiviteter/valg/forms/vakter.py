"""The stand rosters' forms: a shift, and a member the leader puts on a shift."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aktiviteter.valg.models import Vakt
from buskerud_sp.core.member_picker import limit_rendered_members
from medlemmer.models import Medlem


class VaktForm(forms.ModelForm):
    class Meta:
        model = Vakt
        fields = ["start", "slutt", "plasser", "oppgave"]
        widgets = {
            "start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "slutt": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "plasser": forms.NumberInput(attrs={"min": 1, "max": 50}),
        }


class LeggTilForm(forms.Form):
    """The leader puts a member of the stand's chapter(s) on a shift."""

    vakt = forms.ModelChoiceField(label=_("Vakt"), queryset=Vakt.objects.none())
    medlem = forms.ModelChoiceField(label=_("Medlem"), queryset=Medlem.objects.none())

    def __init__(self, *args, vakter, medlemmer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vakt"].queryset = vakter
        self.fields["vakt"].label_from_instance = lambda v: (
            f"{v.start:%H:%M}–{v.slutt:%H:%M} {v.oppgave}".strip()
        )
        self.fields["medlem"].queryset = medlemmer
        limit_rendered_members(
            self.fields["medlem"], medlemmer, [self.data.get("medlem")] if self.data else []
        )
