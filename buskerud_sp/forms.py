from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .core.models import AuditAction


class AuditFilterForm(forms.Form):
    handling = forms.ChoiceField(
        label=_("Handling"), required=False, choices=[("", _("Alle")), *AuditAction.choices]
    )
    bruker = forms.CharField(label=_("Utført av (e-post)"), required=False, max_length=254)
    medlem = forms.IntegerField(label=_("Medlem-ID"), required=False, min_value=1)
    fra = forms.DateField(
        label=_("Fra dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    til = forms.DateField(
        label=_("Til dato"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fra") and cleaned.get("til") and cleaned["til"] < cleaned["fra"]:
            self.add_error("til", _("Til-datoen kan ikke være før fra-datoen."))
        return cleaned


class LanguageForm(forms.Form):
    """The footer's language choice (bokmål or nynorsk)."""

    language = forms.ChoiceField(label=_("Språk"), choices=settings.LANGUAGES)
