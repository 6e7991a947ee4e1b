"""An election's results: the comparison page (the board, admins, officers and campaign
committees read it; an officer's municipalities are highlighted), the admins' entry, edit and
deletion of a row, and the CSV import with its preview, confirmation and example file."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from aktiviteter.valg.models import Kommune, Valg, Valgresultat, leser_resultater
from aktiviteter.valg.resultatvisning import resultatoversikt
from aktiviteter.valg.services import resultatimport
from aktiviteter.valg.services.resultater import valgresultat_lagre, valgresultat_slett
from buskerud_sp.core.audit import client_ip
from buskerud_sp.core.permissions import admin_required, ensure
from lokallag.models import Lokallag


class ResultatForm(forms.Form):
    kommune = forms.ModelChoiceField(
        label=gettext_lazy("Kommune"),
        queryset=Kommune.objects.order_by("navn"),
        empty_label=gettext_lazy("Velg kommune …"),
        error_messages={"required": gettext_lazy("Velg kommunen.")},
    )
    stemmer = forms.IntegerField(
        label=gettext_lazy("Stemmer til Senterpartiet"),
        min_value=0,
        error_messages={
            "required": gettext_lazy("Oppgi stemmene."),
            "invalid": gettext_lazy("Skriv et helt tall."),
            "min_value": gettext_lazy("Stemmene kan ikke være negative."),
        },
    )
    godkjente_stemmer = forms.IntegerField(
        label=gettext_lazy("Godkjente stemmer i alt (valgfritt)"),
        required=False,
        min_value=0,
        help_text=gettext_lazy("Alle godkjente stemmer i kommunen; gir eksakt oppslutning."),
        error_messages={
            "invalid": gettext_lazy("Skriv et helt tall."),
            "min_value": gettext_lazy("Godkjente stemmer kan ikke være negative."),
        },
    )
    andel = forms.DecimalField(
        label=gettext_lazy("Oppslutning (%)"),
        required=False,
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        localize=True,
        help_text=gettext_lazy("La stå tomt for å regne den ut fra stemmene."),
        error_messages={
            "invalid": gettext_lazy("Skriv et tall, f.eks. 12,4."),
            "min_value": gettext_lazy("Oppslutningen kan ikke være negativ."),
            "max_value": gettext_lazy("Oppslutningen kan ikke være over 100 %%."),
            "max_decimal_places": gettext_lazy("Høyst to desimaler."),
            "max_digits": gettext_lazy("Oppslutningen må være mellom 0 og 100 prosent."),
            "max_whole_digits": gettext_lazy("Oppslutningen må være mellom 0 og 100 prosent."),
        },
    )
    mandater = forms.IntegerField(
        label=gettext_lazy("Mandater (valgfritt)"),
        required=False,
        min_value=0,
        max_value=1000,
        error_messages={
            "invalid": gettext_lazy("Skriv et helt tall."),
            "min_value": gettext_lazy("Mandatene kan ikke være negative."),
            "max_value": gettext_lazy("Det er for mange mandater."),
        },
    )


class ImportForm(forms.Form):
    fil = forms.FileField(
        label=gettext_lazy("CSV-fil"),
        error_messages={
            "required": gettext_lazy("Velg fila som skal importeres."),
            "empty": gettext_lazy("Fila er tom."),
        },
    )


def _valg(pk: int) -> Valg:
    return get_object_or_404(Valg, pk=pk)


@require_GET
def resultater(request: HttpRequest, pk: int) -> HttpResponse:
    access = ensure(request.user, leser_resultater)
    valg = _valg(pk)
    uthev = []
    if not access.sees_all_chapters:
        uthev = [
            n
            for n in Lokallag.objects.filter(
                pk__in=access.officer_chapter_ids | access.campaign_unit_ids
            ).values_list("kommunenummer", flat=True)
            if n
        ]
    return render(
        request,
        "aktiviteter/valg/resultater.html",
        {
            "valg": valg,
            "oversikt": resultatoversikt(valg, uthev=uthev),
            "is_admin": access.is_admin,
            "access": access,
        },
    )


def _form_page(request: HttpRequest, valg: Valg, resultat: Valgresultat | None) -> HttpResponse:
    initial = {}
    if resultat is not None:
        initial = {
            "kommune": resultat.kommune,
            "stemmer": resultat.stemmer,
            "godkjente_stemmer": resultat.godkjente_stemmer,
            "andel": resultat.andel,
            "mandater": resultat.mandater,
        }
    form = ResultatForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lagret = valgresultat_lagre(
                valg=valg,
                resultat=resultat,
                bruker=request.user,
                ip=client_ip(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Resultatet for %(kommune)s er lagret.") % {"kommune": lagret.kommune.navn},
            )
            return redirect("valg:resultater", pk=valg.pk)
    return render(
        request,
        "aktiviteter/valg/resultat_form.html",
        {"valg": valg, "resultat": resultat, "form": form},
    )


@admin_required
def resultat_ny(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, _valg(pk), None)


def _resultat(request: HttpRequest, pk: int, resultat_pk: int) -> Valgresultat:
    return get_object_or_404(
        Valgresultat.objects.editable_by(request.user).select_related("valg", "kommune"),
        valg_id=pk,
        pk=resultat_pk,
    )


@admin_required
def resultat_endre(request: HttpRequest, pk: int, resultat_pk: int) -> HttpResponse:
    resultat = _resultat(request, pk, resultat_pk)
    return _form_page(request, resultat.valg, resultat)


@require_POST
@admin_required
def resultat_slett(request: HttpRequest, pk: int, resultat_pk: int) -> HttpResponse:
    resultat = _resultat(request, pk, resultat_pk)
    valgresultat_slett(resultat=resultat, bruker=request.user, ip=client_ip(request))
    messages.success(
        request, _("Resultatet for %(kommune)s er slettet.") % {"kommune": resultat.kommune.navn}
    )
    return redirect("valg:resultater", pk=pk)


@admin_required
def resultat_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload → preview (every error with its line and column, or the rows to be saved) →
    confirm (with «erstatt» when the election has results already)."""
    valg = _valg(pk)
    context: dict = {
        "valg": valg,
        "kolonner": resultatimport.KOLONNER,
        "eksisterende": Valgresultat.objects.filter(valg=valg).count(),
    }
    form = ImportForm()
    if request.method == "POST" and request.POST.get("steg") == "bekreft":
        try:
            data = resultatimport.data_fra_token(valg, request.POST.get("token", ""))
            antall = resultatimport.resultatimport_bekreft(
                valg=valg,
                data=data,
                erstatt=request.POST.get("erstatt") == "1",
                bruker=request.user,
                ip=client_ip(request),
            )
        except resultatimport.ImportFilFeil as error:
            context["fil_feil"] = error.message
        except ValidationError as error:
            context["bekreft_feil"] = error.messages
            context["analyse"] = resultatimport.analyser(data)
            context["token"] = request.POST.get("token", "")
        else:
            messages.success(
                request,
                _("%(n)s resultater er importert for %(valg)s.") % {"n": antall, "valg": valg},
            )
            return redirect("valg:resultater", pk=valg.pk)
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["fil"].read(resultatimport.MAX_BYTES + 1)
            try:
                analyse = resultatimport.analyser(data)
            except resultatimport.ImportFilFeil as error:
                form.add_error("fil", error.message)
            else:
                context["analyse"] = analyse
                if analyse.ok:
                    context["token"] = resultatimport.token_for(valg, data)
    context["form"] = form
    return render(request, "aktiviteter/valg/resultat_import.html", context)


@require_GET
@admin_required
def resultat_mal(request: HttpRequest) -> HttpResponse:
    """The example file: the accepted headers and three rows (UTF-8 with BOM, so that Excel
    reads æøå)."""
    response = HttpResponse(
        ("\ufeff" + resultatimport.EKSEMPEL).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="valgresultater-eksempel.csv"'
    return response


urlpatterns = [
    path("<int:pk>/resultater/", resultater, name="resultater"),
    path("<int:pk>/resultater/ny/", resultat_ny, name="resultat_ny"),
    path("<int:pk>/resultater/<int:resultat_pk>/endre/", resultat_endre, name="resultat_endre"),
    path("<int:pk>/resultater/<int:resultat_pk>/slett/", resultat_slett, name="resultat_slett"),
    path("<int:pk>/resultater/import/", resultat_import, name="resultat_import"),
    path("resultater/eksempel.csv", resultat_mal, name="resultat_mal"),
]
