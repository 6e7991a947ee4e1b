from django import forms
from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.forms.base import unit_members
from aktiviteter.aktivitet.models import AdHocGruppe
from buskerud_sp.core.fields import IdMultipleChoiceField
from buskerud_sp.core.member_picker import MemberCheckboxes, limit_rendered_members
from buskerud_sp.core.parsing import row_id
from medlemmer.models import Medlem


class AdHocGruppeForm(forms.ModelForm):
    class Meta:
        model = AdHocGruppe
        fields = ["tema", "beskrivelse", "enhet", "leder", "medlemmer", "fra_dato", "til_dato"]
        widgets = {
            "beskrivelse": forms.Textarea(attrs={"rows": 3}),
            "medlemmer": MemberCheckboxes,
            "fra_dato": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "til_dato": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        field_classes = {"medlemmer": IdMultipleChoiceField}

    def __init__(self, *args, user, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhet"].queryset = units.order_by("-niva", "navn")
        self.fields["enhet"].empty_label = None
        visible = Medlem.objects.visible_to(user).aktive()
        raw = self.data.get("enhet") if self.is_bound else self.instance.enhet_id
        unit = units.filter(pk=row_id(raw)).first() if row_id(raw) else units.first()
        shown = unit_members(visible, unit)
        self.fields["leder"].queryset = visible
        self.fields["medlemmer"].queryset = visible
        chosen = [self.data.get("leder")] if self.is_bound else [self.instance.leder_id]
        limit_rendered_members(self.fields["leder"], shown, chosen)
        if self.is_bound:
            selected = self.data.getlist("medlemmer")
        else:
            selected = (
                list(self.instance.medlemmer.values_list("pk", flat=True))
                if self.instance.pk
                else []
            )
        limit_rendered_members(self.fields["medlemmer"], shown, selected)

    def clean(self):
        data = super().clean()
        if data.get("fra_dato") and data.get("til_dato") and data["til_dato"] < data["fra_dato"]:
            self.add_error("til_dato", _("Sluttdato kan ikke være før startdato."))
        return data
