import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Lokallag, Rolle, Verv
from .providers import members as all_members

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LokallagKontaktForm(forms.ModelForm):
    """What a chapter keeps up to date itself: contact address and social media."""

    class Meta:
        model = Lokallag
        fields = [
            "epost",
            "facebook_url",
            "facebook_oppdatert",
            "instagram_url",
            "instagram_oppdatert",
            "hjemmeside_url",
            "hjemmeside_oppdatert",
        ]
        widgets = {
            "facebook_oppdatert": DATE,
            "instagram_oppdatert": DATE,
            "hjemmeside_oppdatert": DATE,
        }

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        for channel in ("facebook", "instagram", "hjemmeside"):
            dato = cleaned.get(f"{channel}_oppdatert")
            if dato and dato > today:
                self.add_error(f"{channel}_oppdatert", _("Datoen kan ikke være i fremtiden."))
            if dato and not cleaned.get(f"{channel}_url"):
                self.add_error(f"{channel}_url", _("Oppgi adressen når du oppgir en dato."))
        return cleaned


class VervForm(forms.ModelForm):
    """An admin registers an office holder in a unit."""

    class Meta:
        model = Verv
        fields = ["medlem", "rolle", "distrikt", "fra_dato", "til_dato"]
        widgets = {"fra_dato": DATE, "til_dato": DATE}

    def __init__(self, *args, enhet: Lokallag, **kwargs):
        super().__init__(*args, **kwargs)
        self.enhet = enhet
        members = all_members().aktive().select_related("lokallag")
        if not enhet.er_fylkeslag:
            members = members.filter(lokallag=enhet)
        self.fields["medlem"].queryset = members.order_by("etternavn", "fornavn")
        self.fields["medlem"].label_from_instance = lambda m: f"{m.navn} ({m.lokallag.navn})"
        self.fields["fra_dato"].initial = timezone.localdate()
        if not enhet.er_fylkeslag:
            del self.fields["distrikt"]

    def clean(self):
        cleaned = super().clean()
        fra, til = cleaned.get("fra_dato"), cleaned.get("til_dato")
        if fra and til and til < fra:
            self.add_error("til_dato", _("Sluttdato kan ikke være før startdato."))
        medlem, rolle = cleaned.get("medlem"), cleaned.get("rolle")
        if medlem and rolle and fra:
            overlapping = Verv.objects.filter(medlem=medlem, enhet=self.enhet, rolle=rolle).aktive(
                fra
            )
            if overlapping.exists():
                self.add_error("rolle", _("Medlemmet har allerede dette vervet på denne datoen."))
        if (
            rolle == Rolle.DISTRIKTSREPRESENTANT
            and "distrikt" in self.fields
            and not cleaned.get("distrikt")
        ):
            self.add_error("distrikt", _("Velg distriktet representanten representerer."))
        return cleaned


class AvsluttVervForm(forms.Form):
    til_dato = forms.DateField(label=_("Siste dag i vervet"), widget=DATE)

    def __init__(self, *args, verv: Verv, **kwargs):
        super().__init__(*args, **kwargs)
        self.verv = verv
        self.fields["til_dato"].initial = timezone.localdate()

    def clean_til_dato(self) -> datetime.date:
        dato = self.cleaned_data["til_dato"]
        if dato < self.verv.fra_dato:
            raise forms.ValidationError(_("Sluttdato kan ikke være før startdato."))
        return dato
