from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buskerud_sp.core.member_picker import limit_rendered_members
from buskerud_sp.core.parsing import row_id
from buskerud_sp.core.telefon import PhoneField

from ..models import Innmeldingsforslag, Medlem, innmeldt_feil

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ForslagForm(forms.ModelForm):
    """A chapter officer's proposal. The recruiter is chosen by name among the chapter's
    members; the rules that need the database (a contact, no duplicate e-mail, the recruiter
    in the chapter) are the service's, shown at their fields."""

    telefon = PhoneField(label=_("Telefon"), required=False)

    class Meta:
        model = Innmeldingsforslag
        fields = [
            "lokallag",
            "fornavn",
            "etternavn",
            "epost",
            "telefon",
            "fodselsdato",
            "vervet_av",
            "kommentar",
        ]
        widgets = {"fodselsdato": DATE, "kommentar": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, chapters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lokallag"].queryset = chapters.order_by("navn")
        self.fields["lokallag"].empty_label = None
        self.fields["epost"].help_text = _("E-post eller telefon, minst ett av dem.")
        recruiter = self.fields["vervet_av"]
        recruiter.queryset = Medlem.objects.aktive().filter(lokallag__in=chapters)
        recruiter.help_text = _("Et medlem av laget (valgfritt). Skriv et navn for å søke.")
        raw = self.data.get("lokallag") if self.is_bound else self.initial.get("lokallag")
        chapter = chapters.filter(pk=row_id(raw)).first() if row_id(raw) else chapters.first()
        shown = recruiter.queryset.filter(lokallag=chapter)
        chosen = [self.data.get("vervet_av")] if self.is_bound else []
        limit_rendered_members(recruiter, shown, chosen)

    def clean_fodselsdato(self):
        dato = self.cleaned_data.get("fodselsdato")
        if dato and dato > timezone.localdate():
            raise forms.ValidationError(_("Fødselsdatoen kan ikke være i fremtiden."))
        return dato


class GodkjennForm(forms.Form):
    medlemsnummer = forms.CharField(
        label=_("Medlemsnummer i medlemsregisteret"),
        max_length=20,
        help_text=_("Finn personen i det sentrale medlemsregisteret og skriv nummeret her."),
    )
    innmeldt = forms.DateField(label=_("Innmeldt"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innmeldt"].initial = timezone.localdate()

    def clean_innmeldt(self):
        dato = self.cleaned_data.get("innmeldt")
        feil = innmeldt_feil(dato, timezone.localdate())
        if feil:
            raise forms.ValidationError(feil)
        return dato


class AvvisForm(forms.Form):
    grunn = forms.CharField(label=_("Grunn"), max_length=300)
