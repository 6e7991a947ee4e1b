from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from lokallag.models import Distrikt, Lokallag

from .importing import ImportFileError, check_size
from .models import Kjonn

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
        label=_("Lokallag"), queryset=Lokallag.objects.none(), required=False, empty_label=_("Alle")
    )
    distrikt = forms.ModelChoiceField(
        label=_("Distrikt"), queryset=Distrikt.objects.all(), required=False, empty_label=_("Alle")
    )
    kjonn = forms.ChoiceField(
        label=_("Kjønn"), required=False, choices=[("", _("Alle")), *Kjonn.choices]
    )
    alder = forms.ChoiceField(
        label=_("Alder"),
        required=False,
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
        choices=[
            ("", _("Alle")),
            ("su", _("Senterungdommen")),
            ("sk", _("Senterkvinnene")),
            ("folkevalgt", _("Folkevalgte")),
        ],
    )

    def __init__(self, *args, chapters=None, show_district=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lokallag"].queryset = (
            chapters if chapters is not None else Lokallag.objects.none()
        )
        if not show_district:
            del self.fields["distrikt"]


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
