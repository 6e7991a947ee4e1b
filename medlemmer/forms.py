import datetime

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buskerud_sp.core.member_picker import limit_rendered_members, member_label_with_chapter
from buskerud_sp.core.parsing import row_id
from buskerud_sp.core.telefon import PhoneField
from buskerud_sp.core.widgets import OptionList, QuickSelect
from lokallag.models import Distrikt, Lokallag

from .importing import ImportFileError, check_size
from .models import SAMTYKKEFELT, Kjonn, Medlem, innmeldt_feil

AGE_GROUPS = {
    "": (None, None),
    "u30": (None, 29),
    "30-49": (30, 49),
    "50-66": (50, 66),
    "67+": (67, None),
}


class MedlemFilterForm(forms.Form):
    """The search and filters of /medlemmer/. Choices are limited to what the user may see."""

    q = forms.CharField(
        label=_("Søk"), required=False, max_length=100, help_text=_("Navn, e-post eller telefon")
    )
    lokallag = forms.ModelChoiceField(
        label=_("Lokallag"),
        queryset=Lokallag.objects.none(),
        required=False,
        empty_label=_("Alle"),
        widget=QuickSelect,
    )
    distrikt = forms.ModelChoiceField(
        label=_("Distrikt"),
        queryset=Distrikt.objects.all(),
        required=False,
        empty_label=_("Alle"),
        widget=QuickSelect,
    )
    kjonn = forms.ChoiceField(
        label=_("Kjønn"),
        required=False,
        choices=[("", _("Alle")), *Kjonn.choices],
        widget=QuickSelect,
    )
    alder = forms.ChoiceField(
        label=_("Alder"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("", _("Alle")),
            ("u30", _("Under 30")),
            ("30-49", "30–49"),
            ("50-66", "50–66"),
            ("67+", _("67 og eldre")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("", _("Aktive medlemmer")),
            ("nye", _("Innmeldt i år")),
            ("utmeldt", _("Utmeldte")),
            ("alle", _("Alle")),
        ],
    )
    tilknytning = forms.ChoiceField(
        label=_("Tilknytning"),
        required=False,
        widget=QuickSelect,
        choices=[
            ("", _("Alle")),
            ("su", _("Senterungdommen")),
            ("sk", _("Senterkvinnene")),
            ("folkevalgt", _("Folkevalgte")),
        ],
    )

    def __init__(self, *args, chapters=None, show_district=True, options=None, **kwargs):
        """``options``: the chapters' and districts' options as ``{"lokallag": [(pk, label),
        …], "distrikt": […]}``, when the caller has them (kept per data version): the
        querysets then only check a chosen value."""
        super().__init__(*args, **kwargs)
        self.fields["lokallag"].queryset = (
            chapters if chapters is not None else Lokallag.objects.none()
        )
        if not show_district:
            del self.fields["distrikt"]
        for name, choices in (options or {}).items():
            if name in self.fields:
                self.fields[name].choices = OptionList(
                    [("", self.fields[name].empty_label), *choices]
                )


# The mailing lists' consent and the SMS preference: the form shows them together under
# «Nyhetsbrev og invitasjoner».
LISTEFELT = (*SAMTYKKEFELT.values(), "foretrekker_sms")


class _MedlemFormMixin(forms.ModelForm):
    """Field-level messages for the rules the database also enforces."""

    def fields_outside_lists(self):
        return [f for f in self.visible_fields() if f.name not in LISTEFELT]

    def list_fields(self):
        return [f for f in self.visible_fields() if f.name in LISTEFELT]

    # The same parser as the register import: stored as E.164, shown as «959 42 026».
    telefon = PhoneField(label=_("Telefon"), required=False)

    def clean_epost(self):
        epost = (self.cleaned_data.get("epost") or "").strip().lower()
        if not epost:
            return None
        others = Medlem.objects.filter(epost__iexact=epost)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("Det finnes allerede et medlem med denne e-postadressen.")
            )
        return epost

    def clean_innmeldt(self):
        dato = self.cleaned_data.get("innmeldt")
        feil = innmeldt_feil(dato, timezone.localdate())
        if feil:
            raise forms.ValidationError(feil)
        return dato

    def clean_postnummer(self):
        postnummer = (self.cleaned_data.get("postnummer") or "").strip()
        if postnummer and not (len(postnummer) == 4 and postnummer.isdigit()):
            raise forms.ValidationError(_("Postnummeret må ha fire sifre."))
        return postnummer


class MedlemForm(_MedlemFormMixin):
    """Everything an admin registers about a member."""

    class Meta:
        model = Medlem
        fields = [
            "fornavn",
            "etternavn",
            "epost",
            "telefon",
            "adresse",
            "postnummer",
            "poststed",
            "fodselsdato",
            "kjonn",
            "lokallag",
            "innmeldt",
            "medlemsnummer",
            "vervet_av",
            "vervekampanje",
            "folkevalgt",
            "folkevalgt_verv",
            "senterungdommen",
            "senterkvinnene",
            "samtykke_paaminnelser",
            *LISTEFELT,
            "kontingent_betalt_til",
        ]
        widgets = {
            "fodselsdato": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "innmeldt": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "kontingent_betalt_til": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lokallag"].queryset = Lokallag.objects.lokallag().order_by("navn")
        self.fields["medlemsnummer"].required = False
        # The recruiter by name: the chapter's members are listed, the name search finds
        # the others (only admins edit this form: every member is a valid choice).
        recruiter = self.fields["vervet_av"]
        recruiter.queryset = Medlem.objects.ikke_anonymisert()
        recruiter.help_text = _("Den som vervet medlemmet (valgfritt). Skriv et navn for å søke.")
        raw = self.data.get("lokallag") if self.is_bound else self.instance.lokallag_id
        shown = Medlem.objects.aktive().filter(lokallag_id=row_id(raw))
        if self.instance.pk:
            shown = shown.exclude(pk=self.instance.pk)
        chosen = [self.data.get("vervet_av")] if self.is_bound else [self.instance.vervet_av_id]
        limit_rendered_members(recruiter, shown, chosen, label=member_label_with_chapter)

    def clean_medlemsnummer(self):
        return (self.cleaned_data.get("medlemsnummer") or "").strip() or None

    def clean_fodselsdato(self):
        dato = self.cleaned_data.get("fodselsdato")
        if dato and dato > timezone.localdate():
            raise forms.ValidationError(_("Fødselsdatoen kan ikke være i fremtiden."))
        return dato

    def clean(self):
        cleaned = super().clean()
        innmeldt = cleaned.get("innmeldt")
        utmeldt = self.instance.utmeldt if self.instance.pk else None
        if innmeldt and utmeldt and utmeldt < innmeldt:
            self.add_error("innmeldt", _("Innmeldt kan ikke være etter utmeldingsdatoen."))
        vervet_av = cleaned.get("vervet_av")
        if vervet_av and self.instance.pk and vervet_av.pk == self.instance.pk:
            self.add_error("vervet_av", _("Et medlem kan ikke ha vervet seg selv."))
        return cleaned


class MedlemAdminForm(_MedlemFormMixin):
    """Django's admin edits members too: the same phone parser and date rules as the portal."""

    class Meta:
        model = Medlem
        # The admin adds every other field of its own (ModelAdmin.get_form).
        fields = ["telefon", "innmeldt"]


class MinProfilForm(_MedlemFormMixin):
    """What a member may change about themself: contact details and consent (to reminders,
    and to each mailing list)."""

    class Meta:
        model = Medlem
        fields = [
            "epost",
            "telefon",
            "adresse",
            "postnummer",
            "poststed",
            "samtykke_paaminnelser",
            *LISTEFELT,
        ]


class UtmeldingForm(forms.Form):
    utmeldt = forms.DateField(
        label=_("Utmeldt fra og med"), widget=forms.DateInput(attrs={"type": "date"})
    )
    grunn = forms.CharField(label=_("Grunn"), max_length=200, required=False)
    slett_opplysninger = forms.BooleanField(
        label=_("Medlemmet ber om at opplysningene slettes nå (anonymiser)"),
        required=False,
        help_text=_(
            "Uten samtykke til historisk arkiv anonymiseres opplysningene uansett natten etter utmeldingsdatoen."
        ),
    )

    def __init__(self, *args, medlem: Medlem, **kwargs):
        super().__init__(*args, **kwargs)
        self.medlem = medlem
        self.fields["utmeldt"].initial = timezone.localdate()

    def clean_utmeldt(self):
        dato = self.cleaned_data["utmeldt"]
        if dato < self.medlem.innmeldt:
            raise forms.ValidationError(
                _("Utmeldingsdatoen kan ikke være før innmeldingsdatoen (%(dato)s).")
                % {"dato": self.medlem.innmeldt.strftime("%d.%m.%Y")}
            )
        if dato > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(
                _("Utmeldingsdatoen kan ikke være mer enn ett år fram i tid.")
            )
        return dato


class AnonymiseringForm(forms.Form):
    bekreft = forms.BooleanField(
        label=_("Jeg bekrefter at opplysningene om medlemmet skal slettes for godt"),
        error_messages={"required": _("Kryss av for å bekrefte.")},
    )


class MedlemsimportForm(forms.Form):
    """Step 1 of the import: the file. Its content is checked by ``medlemmer.importing``."""

    fil = forms.FileField(
        label=_("Fil fra medlemsregisteret"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.txt,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fil"].help_text = _(
            "CSV (komma eller semikolon) eller Excel (.xlsx), høyst %(limit)s."
        ) % {"limit": filesizeformat(settings.MEMBER_IMPORT_MAX_BYTES)}

    def clean_fil(self):
        upload = self.cleaned_data["fil"]
        try:
            check_size(upload.size)
        except ImportFileError as exc:
            raise forms.ValidationError(exc.message, code="too_large") from None
        return upload
