"""Forms of the study work: the course, its participants and a session with attendance."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktiviteter.aktivitet.forms.base import ModelErrorsAtFieldsMixin, unit_members
from aktiviteter.aktivitet.models import Aktivitet
from aktiviteter.aktivitet.models.typer import minutes_between
from aktiviteter.studier.models import Kursdeltaker, Studietiltak, oppmote_feil
from buskerud_sp.core.fields import IdMultipleChoiceField
from buskerud_sp.core.member_picker import MemberCheckboxes, limit_rendered_members
from buskerud_sp.core.parsing import row_id
from medlemmer.models import Medlem


class StudietiltakForm(forms.ModelForm):
    class Meta:
        model = Studietiltak
        fields = ["tittel", "studieplan", "studieplan_navn", "arrangor", "kursleder", "beskrivelse"]
        widgets = {
            "studieplan": forms.RadioSelect,
            "beskrivelse": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["arrangor"].queryset = units.order_by("niva", "navn")
        self.fields["arrangor"].empty_label = None
        visible = Medlem.objects.visible_to(user).aktive()
        self.fields["kursleder"].queryset = visible
        raw = self.data.get("arrangor") if self.is_bound else self.instance.arrangor_id
        unit = units.filter(pk=row_id(raw)).first() if row_id(raw) else units.first()
        chosen = [self.data.get("kursleder")] if self.is_bound else [self.instance.kursleder_id]
        limit_rendered_members(self.fields["kursleder"], unit_members(visible, unit), chosen)

    def clean(self):
        data = super().clean()
        if data.get("studieplan") == "annen" and not data.get("studieplan_navn"):
            self.add_error("studieplan_navn", _("Skriv navnet på den godkjente studieplanen."))
        return data


class KursdeltakerForm(forms.Form):
    """Members ticked in one list (the organiser's members, the name search finds others),
    and/or a non-member by name and birth year."""

    medlem = IdMultipleChoiceField(
        label=_("Medlemmer"),
        queryset=Medlem.objects.none(),
        required=False,
        widget=MemberCheckboxes,
        help_text=_("Kryss av alle som skal være med. Skriv et navn for å finne andre."),
    )
    navn = forms.CharField(label=_("Eller: navn (ikke medlem)"), max_length=200, required=False)
    fodselsaar = forms.IntegerField(
        label=_("Fødselsår"),
        required=False,
        min_value=1900,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, user, studietiltak: Studietiltak, **kwargs):
        super().__init__(*args, **kwargs)
        self.studietiltak = studietiltak
        visible = Medlem.objects.visible_to(user).aktive()
        self.fields["medlem"].queryset = visible
        taken = studietiltak.deltakere.exclude(medlem=None).values("medlem_id")
        shown = unit_members(visible, studietiltak.arrangor).exclude(pk__in=taken)
        chosen = self.data.getlist("medlem") if self.is_bound else []
        limit_rendered_members(self.fields["medlem"], shown, chosen)

    def clean(self):
        data = super().clean()
        members = list(data.get("medlem") or [])
        if members:
            taken = [m for m in members if self.studietiltak.deltakere.filter(medlem=m).exists()]
            if taken:
                self.add_error(
                    "medlem",
                    [_("%(navn)s er allerede deltaker.") % {"navn": m} for m in taken],
                )
        if not self.errors and (data.get("navn") or data.get("fodselsaar") or not members):
            if not data.get("navn"):
                self.add_error("navn", _("Velg et medlem, eller skriv navnet."))
            if not data.get("fodselsaar"):
                self.add_error("fodselsaar", _("Fødselsåret trengs (alderskravet er 14 år)."))
        return data


class OppmoteRadForm(forms.Form):
    deltaker = forms.ModelChoiceField(
        queryset=Kursdeltaker.objects.none(), widget=forms.HiddenInput
    )
    til_stede = forms.BooleanField(label=_("Til stede"), required=False)
    timer = forms.DecimalField(
        label=_("Timer"),
        required=False,
        max_digits=5,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5}),
        help_text=_("Bare hvis ikke hele samlingen"),
    )

    def __init__(self, *args, deltakere, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deltaker"].queryset = deltakere
        self.labels = {d.pk: d.visningsnavn for d in deltakere}

    @property
    def navn(self) -> str:
        raw = self["deltaker"].value()
        return self.labels.get(row_id(raw), "")

    @property
    def error_summary_label(self) -> str:
        """Whose row an error is in, for the page's error summary."""
        return self.navn

    def minutes(self, session_minutes: int | None) -> int:
        hours = self.cleaned_data.get("timer")
        if hours is not None:
            return int((hours * 60).to_integral_value())
        return (session_minutes or 0) if self.cleaned_data.get("til_stede") else 0


OppmoteFormSet = forms.formset_factory(OppmoteRadForm, extra=0)


class SamlingForm(ModelErrorsAtFieldsMixin, forms.ModelForm):
    """A held session: when, how long, physical or digital, and who attended how long."""

    error_field_fallback = {"status": "dato", "type": "dato", "tittel": "dato"}

    digitalt = forms.TypedChoiceField(
        label=_("Form"),
        choices=[("0", _("Fysisk samling")), ("1", _("Digital samling"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )
    sanntid = forms.TypedChoiceField(
        label=_("Digital samling: var kursleder og deltakere med samtidig (sanntid)?"),
        choices=[
            ("1", _("Ja, alle var med samtidig (video eller telefon)")),
            ("0", _("Nei, opptak eller oppgaver i eget tempo")),
        ],
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Svar for digitale samlinger. SpS godkjenner en digital samling bare når kursleder "
            "og deltakere er med samtidig; ellers teller ikke timene."
        ),
    )

    class Meta:
        model = Aktivitet
        fields = ["dato", "starttid", "sluttid", "digitalt", "sanntid", "sted"]
        widgets = {
            "dato": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starttid": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "sluttid": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, data=None, *, studietiltak: Studietiltak, **kwargs):
        super().__init__(data, **kwargs)
        self.studietiltak = studietiltak
        for name in ("dato", "starttid", "sluttid"):
            self.fields[name].required = True
        if self.instance.pk:
            self.initial["digitalt"] = "1" if self.instance.digitalt else "0"
            if self.instance.sanntid is not None:
                self.initial["sanntid"] = "1" if self.instance.sanntid else "0"
        else:
            self.initial.setdefault("dato", timezone.localdate())
        instance = self.instance
        instance.type = "studiesamling"
        instance.status = "avholdt"
        instance.enhet = studietiltak.arrangor
        instance.studietiltak = studietiltak
        instance.tittel = instance.tittel or studietiltak.tittel
        deltakere = studietiltak.deltakere.select_related("medlem").order_by("pk")
        existing = (
            {o.deltaker_id: o.minutter for o in instance.oppmote.all()} if instance.pk else {}
        )
        length = instance.varighet_minutter if instance.pk else None
        initial = []
        for d in deltakere:
            minutes = existing.get(d.pk, 0)
            row = {"deltaker": d.pk, "til_stede": not instance.pk or minutes > 0}
            if instance.pk and minutes and minutes != length:
                row["timer"] = (Decimal(minutes) / 60).quantize(Decimal("0.01"))
            initial.append(row)
        self.oppmote = OppmoteFormSet(
            data, prefix="oppmote", initial=initial, form_kwargs={"deltakere": deltakere}
        )

    def clean(self):
        data = super().clean()
        if not data.get("digitalt"):
            # The question is about digital sessions; a physical one leaves it unanswered.
            data["sanntid"] = None
        return data

    def is_valid(self) -> bool:
        valid = super().is_valid()
        rows_valid = self.oppmote.is_valid()
        if not (valid and rows_valid):
            return False
        errors = oppmote_feil(self.studietiltak.pk, self._session_minutes(), self.attendance())
        for index, (field, message) in errors.items():
            self.oppmote.forms[index].add_error(field, message)
        return not errors

    def _session_minutes(self) -> int | None:
        return minutes_between(self.cleaned_data.get("starttid"), self.cleaned_data.get("sluttid"))

    def attendance(self) -> list[tuple[Kursdeltaker, int]]:
        length = self._session_minutes()
        return [
            (row.cleaned_data["deltaker"], row.minutes(length))
            for row in self.oppmote.forms
            if row.cleaned_data.get("deltaker")
        ]
