"""Forms of the date plan: an item, and marking it held."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.forms.base import DateInput, ModelErrorsAtFieldsMixin
from aktiviteter.aktivitet.models import Aktivitet
from aktiviteter.datoplan.models import Datoplanpunkt
from buskerud_sp.core.member_picker import limit_rendered_members, member_label_with_chapter
from lokallag.models import Lokallag, Verv
from medlemmer.models import Medlem


class DatoplanpunktForm(ModelErrorsAtFieldsMixin, forms.ModelForm):
    """Add or change (move) an item; the plan is given by the view."""

    class Meta:
        model = Datoplanpunkt
        fields = [
            "tittel",
            "type",
            "fra_dato",
            "til_dato",
            "fase",
            "malgruppe",
            "ansvarlig_enhet",
            "ansvarlig_person",
            "beskrivelse",
        ]
        widgets = {
            "fra_dato": DateInput(),
            "til_dato": DateInput(),
            "beskrivelse": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, aar: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.aar = aar
        self.fields["fase"].choices = [("", _("Etter datoen")), *self.fields["fase"].choices[1:]]
        self.fields["ansvarlig_enhet"].queryset = (
            Lokallag.objects.visible_to(user).aktive().order_by("niva", "navn")
        )
        person = self.fields["ansvarlig_person"]
        person.queryset = Medlem.objects.visible_to(user).aktive().ikke_anonymisert()
        person.label_from_instance = member_label_with_chapter
        officers = person.queryset.filter(pk__in=Verv.objects.aktive().values("medlem_id"))
        selected = self.data.getlist("ansvarlig_person") if self.is_bound else []
        if not self.is_bound and self.instance.ansvarlig_person_id:
            selected = [self.instance.ansvarlig_person_id]
        limit_rendered_members(person, officers, selected, label=member_label_with_chapter)

    def clean_fra_dato(self):
        value = self.cleaned_data["fra_dato"]
        if value.year != self.aar:
            raise forms.ValidationError(
                _("Datoen må være i %(aar)s, året for datoplanen.") % {"aar": self.aar}
            )
        return value


class AvholdtForm(forms.Form):
    aktivitet = forms.ModelChoiceField(
        label=_("Aktiviteten der det ble gjennomført"),
        queryset=Aktivitet.objects.none(),
        required=False,
        help_text=_("Valgfritt: aktiviteter innen en måned fra datoen."),
    )

    def __init__(self, *args, user, punkt: Datoplanpunkt, **kwargs):
        super().__init__(*args, **kwargs)
        month = datetime.timedelta(days=31)
        self.fields["aktivitet"].queryset = (
            Aktivitet.objects.visible_to(user)
            .filter(dato__range=(punkt.fra_dato - month, punkt.slutt_dato + month))
            .select_related("enhet")
            .order_by("dato", "pk")
        )
        self.fields["aktivitet"].label_from_instance = lambda a: (
            f"{a.dato:%d.%m.%Y} {a.tittel} ({a.enhet.navn})"
        )
