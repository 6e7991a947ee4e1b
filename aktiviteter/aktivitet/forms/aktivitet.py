"""The one short registration form: the type decides which fields it shows."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.forms.base import ModelErrorsAtFieldsMixin
from aktiviteter.aktivitet.models import AdHocGruppe, Aktivitet, Aktivitetstype, Kategori
from aktiviteter.aktivitet.models.typer import (
    APNE_TYPER,
    DIGITALE_TYPER,
    EGNE_SKJEMA,
    FELT_FOR_TYPE,
    FYLKESTYPER,
    KATEGORI_FOR_TYPE,
    LOKALTYPER,
    OFFENTLIGE_TYPER,
)
from aktiviteter.aktivitet.selectors import expected_participants
from buskerud_sp.core.access import access_for
from buskerud_sp.core.fields import IdMultipleChoiceField
from buskerud_sp.core.member_picker import MemberCheckboxes, limit_rendered_members
from buskerud_sp.core.parsing import row_id
from buskerud_sp.core.widgets import QuickModelChoiceField
from lokallag.models import Distrikt, Lokallag, Niva
from medlemmer.models import Medlem

NEGATIVE_COUNT = _("Antallet kan ikke være negativt.")
OPTIONAL_FIELDS = (
    "deltakerantall",
    "deltakere",
    "ansvarlig",
    "vertslag",
    "kombinert_med_temamote",
    "adhoc_gruppe",
)
# The public calendar's fields: shown for the types open to the public (OFFENTLIGE_TYPER).
PUBLIC_FIELDS = ("offentlig", "kontaktperson", "kontakt")


def available_types(units) -> list[tuple[str, list[tuple[str, str]]]]:
    """The types the user can register for the given units, grouped by category."""
    levels = {u.niva for u in units}
    groups: dict[str, list[tuple[str, str]]] = {k.value: [] for k in Kategori}
    for value, label in Aktivitetstype.choices:
        if value in EGNE_SKJEMA:
            continue
        if value in FYLKESTYPER and Niva.FYLKE not in levels:
            continue
        if value in LOKALTYPER and Niva.LOKAL not in levels:
            continue
        groups[KATEGORI_FOR_TYPE.get(value, Kategori.MOTE)].append((value, label))
    return [(Kategori(k).label, items) for k, items in groups.items() if items]


class AktivitetForm(ModelErrorsAtFieldsMixin, forms.ModelForm):
    error_field_fallback = {"offentlig": "type"}

    deltakere = IdMultipleChoiceField(
        label=_("Deltakere med navn"),
        queryset=Medlem.objects.none(),
        required=False,
        widget=MemberCheckboxes,
        help_text=_("Skriv et navn for å finne medlemmer."),
    )

    class Meta:
        model = Aktivitet
        fields = [
            "type",
            "enhet",
            "tittel",
            "dato",
            "starttid",
            "sluttid",
            "status",
            "sted",
            "nettlenke",
            "deltakerantall",
            "deltakere",
            "ansvarlig",
            "vertslag",
            "kombinert_med_temamote",
            "adhoc_gruppe",
            "beskrivelse",
            "offentlig",
            "kontaktperson",
            "kontakt",
        ]
        widgets = {
            "dato": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starttid": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "sluttid": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "status": forms.RadioSelect,
            "deltakerantall": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "beskrivelse": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"deltakerantall": {"min_value": NEGATIVE_COUNT}}

    def __init__(self, *args, user, aktivitetstype: str, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.aktivitetstype = aktivitetstype
        self.fields["type"].choices = [(label, items) for label, items in available_types(units)]
        self.fields["type"].initial = aktivitetstype
        if aktivitetstype in FYLKESTYPER:
            units = units.filter(niva=Niva.FYLKE)
        elif aktivitetstype in LOKALTYPER:
            units = units.filter(niva=Niva.LOKAL)
        self.fields["enhet"].queryset = units.order_by("niva", "navn")
        self.fields["enhet"].empty_label = None
        self.fields["enhet"].label = _("Lag")
        self.fields["tittel"].required = False
        self.fields["tittel"].help_text = _("Tomt gir typen som tittel.")
        if not self.instance.pk:
            self.fields["status"].initial = "avholdt"
            self.fields["dato"].initial = timezone.localdate()

        wanted = FELT_FOR_TYPE.get(aktivitetstype, frozenset())
        for name in OPTIONAL_FIELDS:
            if name not in wanted:
                del self.fields[name]
        if aktivitetstype in OFFENTLIGE_TYPER:
            if not self.instance.pk and not self.is_bound:
                self.fields["offentlig"].initial = aktivitetstype in APNE_TYPER
            self.fields["offentlig"].help_text = _(
                "Tittel, tid, sted, beskrivelse og kontaktperson vises for alle på "
                "partiets nettsider. Deltakere og ansvarlig vises aldri."
            )
        else:
            for name in PUBLIC_FIELDS:
                del self.fields[name]
        if aktivitetstype in DIGITALE_TYPER:
            del self.fields["sted"]
        elif aktivitetstype in {Aktivitetstype.FOLKEMOTE, Aktivitetstype.STAND}:
            del self.fields["nettlenke"]

        unit = self._chosen_unit()
        visible = Medlem.objects.visible_to(user).aktive()
        unit_members = visible.filter(lokallag=unit) if unit and not unit.er_fylkeslag else None
        if unit_members is None:
            # The county: its office holders (the board) are the usual named participants.
            unit_members = visible.filter(verv__enhet__niva=Niva.FYLKE)
        if "deltakere" in self.fields:
            self.fields["deltakere"].queryset = visible
            selected = self.data.getlist(self.add_prefix("deltakere")) if self.is_bound else []
            if self.instance.pk and not self.is_bound:
                selected = list(self.instance.deltakelser.values_list("medlem_id", flat=True))
                self.initial["deltakere"] = selected
            limit_rendered_members(self.fields["deltakere"], unit_members, selected)
        if "ansvarlig" in self.fields:
            self.fields["ansvarlig"].queryset = visible
            chosen = [self.data.get(self.add_prefix("ansvarlig"))] if self.is_bound else []
            if self.instance.ansvarlig_id:
                chosen.append(self.instance.ansvarlig_id)
            limit_rendered_members(self.fields["ansvarlig"], unit_members, chosen)
        if "vertslag" in self.fields:
            self.fields["vertslag"].queryset = Lokallag.objects.lokallag().aktive()
        if "adhoc_gruppe" in self.fields:
            self.fields["adhoc_gruppe"].queryset = AdHocGruppe.objects.visible_to(user)
            self.fields["adhoc_gruppe"].required = True

    def _chosen_unit(self) -> Lokallag | None:
        queryset = self.fields["enhet"].queryset
        raw = self.data.get(self.add_prefix("enhet")) if self.is_bound else None
        raw = raw or self.initial.get("enhet") or self.instance.enhet_id
        if row_id(raw):
            unit = queryset.filter(pk=row_id(raw)).first()
            if unit:
                return unit
        return queryset.first()

    def clean(self):
        data = super().clean()
        if not data.get("tittel"):
            data["tittel"] = str(Aktivitetstype(self.aktivitetstype).label)
        return data

    def _post_clean(self):
        if self.aktivitetstype not in OFFENTLIGE_TYPER:
            # Changed to a type that is not open to the public: it leaves the public calendar.
            self.instance.offentlig = False
        self.instance.digitalt = self.aktivitetstype in DIGITALE_TYPER or bool(
            self.cleaned_data.get("nettlenke") and not self.cleaned_data.get("sted")
        )
        super()._post_clean()


class ResultatForm(forms.Form):
    """After the call or meeting, in one step: how many took part (and optionally who)."""

    deltakerantall = forms.IntegerField(
        label=_("Antall deltakere"),
        min_value=0,
        error_messages={"min_value": NEGATIVE_COUNT},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )
    deltakere = IdMultipleChoiceField(
        label=_("Deltakere med navn (valgfritt)"),
        queryset=Medlem.objects.none(),
        required=False,
        widget=MemberCheckboxes,
    )

    def __init__(self, *args, user, aktivitet: Aktivitet, **kwargs):
        super().__init__(*args, **kwargs)
        self.aktivitet = aktivitet
        visible = Medlem.objects.visible_to(user).aktive()
        self.fields["deltakere"].queryset = visible
        selected = list(aktivitet.deltakelser.values_list("medlem_id", flat=True))
        if not self.is_bound:
            count = aktivitet.deltakerantall
            if count is None:  # start from the yeses to the activity's invitations
                count = expected_participants(aktivitet)
            self.initial.setdefault("deltakerantall", count)
            self.initial.setdefault("deltakere", selected)
        else:
            selected = self.data.getlist("deltakere")
        own = access_for(user).officer_chapter_ids
        shown = visible.filter(lokallag_id__in=own) if own else visible.none()
        limit_rendered_members(self.fields["deltakere"], shown, selected)

    def clean(self):
        data = super().clean()
        reason = self.aktivitet.resultat_sperre()
        if reason:
            raise forms.ValidationError(reason)
        return data


class AktivitetFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), required=False)
    fra = forms.DateField(
        label=_("Fra"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    til = forms.DateField(
        label=_("Til"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # Their names, as their ``__str__``.
    lokallag = QuickModelChoiceField(
        label=_("Lag"),
        queryset=Lokallag.objects.none(),
        label_field="navn",
        required=False,
        empty_label=_("Alle"),
    )
    distrikt = QuickModelChoiceField(
        label=_("Distrikt"),
        queryset=Distrikt.objects.all(),
        label_field="navn",
        required=False,
        empty_label=_("Alle"),
    )

    def __init__(self, *args, units, show_district: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        categories = [(f"kategori:{k.value}", _("Alle: %(k)s") % {"k": k.label}) for k in Kategori]
        self.fields["type"].choices = [
            ("", _("Alle typer")),
            (_("Grupper"), categories),
            (_("Typer"), list(Aktivitetstype.choices)),
        ]
        self.fields["lokallag"].queryset = units.order_by("niva", "navn")
        if not show_district:
            del self.fields["distrikt"]

    def clean(self):
        data = super().clean()
        if data.get("fra") and data.get("til") and data["til"] < data["fra"]:
            self.add_error("til", _("Til-datoen kan ikke være før fra-datoen."))
        return data
