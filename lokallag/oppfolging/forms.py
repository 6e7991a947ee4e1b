"""The phone-first contact form, the chapter's follow-up settings, visits from the county,
the chapter tour, co-hosts, media appearances and the period filter of the overviews."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buskerud_sp.core.access import access_for
from buskerud_sp.core.fields import IdMultipleChoiceField
from buskerud_sp.core.member_picker import MemberCheckboxes, limit_rendered_members
from buskerud_sp.core.parsing import row_id

from ..models import ByEllerBygd, Lokallag, Niva
from ..providers import members
from .models import Besoksrolle, Medieoppslag, Oppfolging, mulige_ansvarlige
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


class BesokForm(forms.Form):
    """Add a visitor to an activity: usually a board member; anyone by name search."""

    # The member querysets are set per user in __init__ (members come from medlemmer).
    medlem = forms.ModelChoiceField(label=_("Hvem"), queryset=None)
    rolle = forms.ChoiceField(label=_("Som"), choices=Besoksrolle.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        visible = members().visible_to(user).aktive()
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
    besokende = IdMultipleChoiceField(
        label=_("Hvem kommer"),
        queryset=None,
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
        visible = members().visible_to(user).aktive()
        self.fields["besokende"].queryset = visible
        selected = self.data.getlist("besokende") if self.is_bound else []
        limit_rendered_members(self.fields["besokende"], board_members(), selected)


class MedvertForm(forms.Form):
    lokallag = IdMultipleChoiceField(
        label=_("Medarrangører"),
        queryset=Lokallag.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Lag i samme distrikt som arrangerer aktiviteten sammen med dere."),
    )

    def __init__(self, *args, aktivitet, **kwargs):
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
