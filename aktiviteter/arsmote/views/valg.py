"""The election's pages: the election committee's proposal (/arsmote/<pk>/valgkomite/) and the
officers' registration of who the meeting elected (/arsmote/<pk>/valg/)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import formset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aktiviteter.arsmote.models import VALGBARE_VERV, Arsmote, Valgforslag
from aktiviteter.arsmote.services import syklus, valg
from aktiviteter.arsmote.views.syklus import handles_cycle
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import client_ip
from buskerud_sp.core.permissions import ensure

AAR_VALG = [(n, n) for n in range(valg.MIN_AAR, valg.MAKS_AAR + 1)]
STANDARD_AAR = 2
EKSTRA_RADER = 3


def _rolle_valg() -> list[tuple[str, str]]:
    return [(str(r.value), str(r.label)) for r in VALGBARE_VERV]


class _MedlemMixin(forms.Form):
    """A member chosen by name among the chapter's active members (the list is read once per
    page and shared by every row)."""

    def __init__(self, *args, medlemmer: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["medlem"].choices = [("", "—"), *medlemmer]


class ForslagForm(_MedlemMixin):
    rolle = forms.ChoiceField(label=gettext_lazy("Verv"))
    medlem = forms.TypedChoiceField(label=gettext_lazy("Kandidat"), coerce=int)
    antall_aar = forms.TypedChoiceField(
        label=gettext_lazy("Valgperiode (år)"), coerce=int, choices=AAR_VALG, initial=STANDARD_AAR
    )
    kommentar = forms.CharField(label=gettext_lazy("Kommentar"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rolle"].choices = [("", "—"), *_rolle_valg()]


class ValgRadForm(_MedlemMixin):
    rolle = forms.ChoiceField(label=gettext_lazy("Verv"), required=False)
    medlem = forms.TypedChoiceField(
        label=gettext_lazy("Valgt"), coerce=int, required=False, empty_value=None
    )
    antall_aar = forms.TypedChoiceField(
        label=gettext_lazy("Valgperiode (år)"), coerce=int, choices=AAR_VALG, initial=STANDARD_AAR
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rolle"].choices = [("", "—"), *_rolle_valg()]

    def clean(self):
        data = super().clean()
        rolle, medlem = data.get("rolle"), data.get("medlem")
        if rolle and not medlem and "medlem" not in self.errors:
            self.add_error("medlem", _("Velg hvem som ble valgt."))
        if medlem and not rolle and "rolle" not in self.errors:
            self.add_error("rolle", _("Velg vervet."))
        return data

    @property
    def utfylt(self) -> bool:
        return bool(self.cleaned_data.get("rolle") and self.cleaned_data.get("medlem"))


ValgFormSet = formset_factory(ValgRadForm, extra=EKSTRA_RADER)


def _meeting(request: HttpRequest, pk: int) -> Arsmote:
    ensure(request.user, handles_cycle)
    return get_object_or_404(
        Arsmote.objects.visible_to(request.user).select_related("lokallag"), pk=pk
    )


def _members(arsmote: Arsmote) -> tuple[list[tuple[int, str]], dict]:
    rows = list(valg.aktive_medlemmer(arsmote).order_by("etternavn", "fornavn", "pk"))
    return [(m.pk, m.navn) for m in rows], {m.pk: m for m in rows}


def _add_service_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for felt, messages_ in error.message_dict.items():
            form.add_error(felt if felt in form.fields else None, messages_)
    else:
        form.add_error(None, error)


def valgkomite(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's page: the offices up for election and its proposal."""
    arsmote = _meeting(request, pk)
    if not valg.i_valgkomiteen(request.user, arsmote):
        raise Http404
    choices, by_pk = _members(arsmote)
    form = ForslagForm(request.POST or None, medlemmer=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            valg.valgforslag_lagre(
                arsmote=arsmote,
                rolle=data["rolle"],
                medlem=by_pk[data["medlem"]],
                antall_aar=data["antall_aar"],
                kommentar=data["kommentar"],
                bruker=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, _("Forslaget er lagret."))
            return redirect("arsmote:valgkomite", pk=arsmote.pk)
    forslag = list(arsmote.valgforslag.select_related("medlem"))
    order = {rolle: i for i, rolle in enumerate(VALGBARE_VERV)}
    forslag.sort(key=lambda f: (order.get(f.rolle, len(order)), f.medlem.etternavn))
    return render(
        request,
        "aktiviteter/arsmote/valgkomite.html",
        {
            "arsmote": arsmote,
            "access": access_for(request.user),
            "til_valg": valg.verv_til_valg(arsmote),
            "forslag": forslag,
            "form": form,
            "kan_endre": not arsmote.er_holdt,
        },
    )


@require_POST
def valgforslag_slett(request: HttpRequest, pk: int, forslag_pk: int) -> HttpResponse:
    arsmote = _meeting(request, pk)
    if not valg.i_valgkomiteen(request.user, arsmote):
        raise Http404
    forslag = get_object_or_404(Valgforslag, pk=forslag_pk, arsmote=arsmote)
    try:
        valg.valgforslag_slett(forslag=forslag, bruker=request.user, ip=client_ip(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Forslaget er fjernet."))
    return redirect("arsmote:valgkomite", pk=arsmote.pk)


def _initial(arsmote: Arsmote) -> list[dict]:
    order = {rolle: i for i, rolle in enumerate(VALGBARE_VERV)}
    rows = sorted(
        arsmote.valgforslag.select_related("medlem"),
        key=lambda f: (order.get(f.rolle, len(order)), f.medlem.etternavn),
    )
    return [{"rolle": f.rolle, "medlem": f.medlem_id, "antall_aar": f.antall_aar} for f in rows]


def _report(request: HttpRequest, result: valg.Valgresultat) -> None:
    messages.success(
        request,
        _("Det nye styret er registrert: %(antall)s verv fra møtedagen.")
        % {"antall": len(result.nye_verv)},
    )
    for medlem in result.invitert:
        messages.info(
            request,
            _("%(navn)s er ny leder og har fått en invitasjon til å lage innlogging på e-post.")
            % {"navn": medlem.navn},
        )
    for medlem in result.uten_innlogging:
        messages.warning(
            request,
            _(
                "%(navn)s er ny leder, men har ingen innlogging og kan ikke inviteres på e-post. "
                "Administratoren må gi vedkommende innlogging."
            )
            % {"navn": medlem.navn},
        )
    for feil in result.invitasjonsfeil:
        messages.warning(request, feil)


def registrer(request: HttpRequest, pk: int) -> HttpResponse:
    """The officers register who the meeting elected, prefilled from the committee's proposal."""
    arsmote = _meeting(request, pk)
    if not syklus.kan_styre(request.user, arsmote):
        raise Http404
    today = timezone.localdate()
    apen = arsmote.styre_registrert is None and arsmote.dato is not None and arsmote.dato <= today
    formset, feil = None, []
    if apen:
        choices, by_pk = _members(arsmote)
        formset = ValgFormSet(
            request.POST or None,
            initial=None if request.method == "POST" else _initial(arsmote),
            form_kwargs={"medlemmer": choices},
            prefix="rader",
        )
        if request.method == "POST" and formset.is_valid():
            filled = [i for i, form in enumerate(formset.forms) if form.utfylt]
            rader = [
                valg.ValgRad(
                    rolle=formset.forms[i].cleaned_data["rolle"],
                    medlem=by_pk[formset.forms[i].cleaned_data["medlem"]],
                    antall_aar=formset.forms[i].cleaned_data["antall_aar"],
                )
                for i in filled
            ]
            try:
                result = valg.valg_registrer(
                    arsmote=arsmote, rader=rader, bruker=request.user, ip=client_ip(request)
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for key, msgs in error.message_dict.items():
                        if key == NON_FIELD_ERRORS:
                            feil.extend(msgs)
                            continue
                        index, felt = key.split(".", 1)
                        formset.forms[filled[int(index)]].add_error(felt, msgs)
                else:
                    feil.extend(error.messages)
            else:
                _report(request, result)
                if not Arsmote.objects.visible_to(request.user).filter(pk=arsmote.pk).exists():
                    # An officer who was not re-elected has no access to the meeting any more.
                    messages.info(
                        request,
                        _("Du har ikke lenger verv med tilgang til lokallagets årsmøte."),
                    )
                    return redirect("/")
                return redirect(arsmote)
    return render(
        request,
        "aktiviteter/arsmote/valg.html",
        {
            "arsmote": arsmote,
            "access": access_for(request.user),
            "formset": formset,
            "feil": feil,
            "til_valg": valg.verv_til_valg(arsmote),
            "valgte": valg.valgte(arsmote) if arsmote.styre_registrert else [],
            "today": today,
            "forslag_url": reverse("arsmote:valgkomite", kwargs={"pk": arsmote.pk}),
        },
    )


urlpatterns = [
    path("<int:pk>/valgkomite/", valgkomite, name="valgkomite"),
    path(
        "<int:pk>/valgkomite/<int:forslag_pk>/slett/",
        valgforslag_slett,
        name="valgforslag_slett",
    ),
    path("<int:pk>/valg/", registrer, name="valg"),
]
