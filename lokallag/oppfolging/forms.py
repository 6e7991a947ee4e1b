"""The phone-first contact form, and the chapter's follow-up settings."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buskerud_sp.core.access import access_for
from buskerud_sp.parsing import row_id

from ..models import ByEllerBygd, Lokallag
from .models import Oppfolging, mulige_ansvarlige
from .services import board_members

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _member_with_offices(medlem) -> str:
    return f"{medlem.navn} ({medlem.lokallag.navn})"


class OppfolgingForm(forms.ModelForm):
    class Meta:
        model = Oppfolging
        fields = [
            "lokallag",
            "dato",
            "kontaktform",
            "referat",
            "neste_steg",
            "frist",
            "ansvarlig",
        ]
        widgets = {
            "dato": DATE,
            "frist": DATE,
            "kontaktform": forms.RadioSelect,
            "referat": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        chapters = Lokallag.objects.visible_to(user).lokallag().aktive().order_by("navn")
        if self.instance.pk:
            chapters = Lokallag.objects.filter(pk=self.instance.lokallag_id)
        self.fields["lokallag"].queryset = chapters
        self.fields["lokallag"].empty_label = None if self.instance.pk else _("Velg lokallag")
        self.fields["kontaktform"].choices = list(self.fields["kontaktform"].choices)[1:]
        if not self.instance.pk:
            self.fields["dato"].initial = timezone.localdate()
            medlem_id = access_for(user).medlem_id
            if medlem_id and mulige_ansvarlige(None).filter(pk=medlem_id).exists():
                self.fields["ansvarlig"].initial = medlem_id
        chapter_id = self._chosen_chapter_id()
        owners = mulige_ansvarlige(chapter_id).select_related("lokallag")
        self.fields["ansvarlig"].queryset = owners.order_by("fornavn", "etternavn")
        self.fields["ansvarlig"].label_from_instance = _member_with_offices
        self.fields["ansvarlig"].help_text = _(
            "Et medlem av fylkesstyret, eller en tillitsvalgt i laget."
        )

    def _chosen_chapter_id(self) -> int | None:
        raw = self.data.get(self.add_prefix("lokallag")) if self.is_bound else None
        raw = raw or self.initial.get("lokallag") or self.instance.lokallag_id
        return row_id(raw)


class LokallagOppfolgingForm(forms.Form):
    oppfolgingsansvarlig = forms.ModelChoiceField(
        label=_("Ansvarlig i fylkesstyret"),
        queryset=Lokallag.objects.none(),
        required=False,
        empty_label=_("Distriktsrepresentanten (standard)"),
    )
    by_eller_bygd = forms.ChoiceField(
        label=_("By eller bygd"), choices=ByEllerBygd.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, lokallag: Lokallag, **kwargs):
        super().__init__(*args, **kwargs)
        members = board_members().select_related("lokallag").order_by("fornavn", "etternavn")
        self.fields["oppfolgingsansvarlig"].queryset = members
        self.fields["oppfolgingsansvarlig"].label_from_instance = _member_with_offices
        self.initial.setdefault("oppfolgingsansvarlig", lokallag.oppfolgingsansvarlig_id)
        self.initial.setdefault("by_eller_bygd", lokallag.by_eller_bygd)
