"""The county's overview of the year's cycle, the admin's rules for the year, and a meeting's
page with its steps (each step's panel is rendered by its own template)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aktiviteter.arsmote.forms import ArsmoteDatoForm, OppsettForm
from aktiviteter.arsmote.models import Arsmote, Arsmoteoppsett
from aktiviteter.arsmote.selectors import STEG, framdrift, oversikt
from aktiviteter.arsmote.services import syklus
from buskerud_sp.core.access import Access, access_for
from buskerud_sp.core.periods import plan_year
from buskerud_sp.core.permissions import admin_required, ensure


def handles_cycle(access: Access) -> bool:
    """Who the cycle's pages are for: the board and admins, the chapters' officers and their
    election committees."""
    return access.sees_all_chapters or access.is_officer or bool(access.committee_chapter_ids)


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("aar")
    return plan_year(raw, timezone.localdate()) if raw else syklus.aktuelt_aar()


def index(request: HttpRequest) -> HttpResponse:
    access = ensure(request.user, handles_cycle)
    aar = _year(request)
    data = oversikt(request.user, aar)
    visning = request.GET.get("vis", "")
    rader = data.lokallag
    if visning == "etter":
        rader = [r for r in rader if r.ligger_etter]
    years = sorted(
        {aar, syklus.aktuelt_aar(), *Arsmoteoppsett.objects.values_list("aar", flat=True)}
    )
    return render(
        request,
        "aktiviteter/arsmote/index.html",
        {
            "aar": aar,
            "years": years,
            "oversikt": data,
            "rader": rader,
            "visning": visning,
            "steg": STEG,
            "access": access,
            "sees_all": access.sees_all_chapters,
        },
    )


@admin_required
def oppsett(request: HttpRequest) -> HttpResponse:
    aar = _year(request)
    instance = Arsmoteoppsett.objects.for_aar(aar) or Arsmoteoppsett(aar=aar)
    county = Arsmote.objects.filter(aar=aar, lokallag__niva="fylke").first()
    initial = {}
    if county is not None:
        initial = {"fylkesarsmote_dato": county.dato, "fylkesarsmote_sted": county.sted}
    form = OppsettForm(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            syklus.oppsett_lagre(
                oppsett=form.instance,
                bruker=request.user,
                fylkesarsmote_dato=form.cleaned_data["fylkesarsmote_dato"],
                fylkesarsmote_sted=form.cleaned_data["fylkesarsmote_sted"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Oppsettet for årsmøtene %(aar)s er lagret, og fristen står i datoplanen.")
                % {"aar": aar},
            )
            return redirect(reverse("arsmote:index") + f"?aar={aar}")
    return render(request, "aktiviteter/arsmote/oppsett.html", {"form": form, "aar": aar})


def _meeting(request: HttpRequest, pk: int) -> Arsmote:
    ensure(request.user, handles_cycle)
    return get_object_or_404(
        Arsmote.objects.visible_to(request.user).select_related("lokallag"), pk=pk
    )


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    arsmote = _meeting(request, pk)
    access = access_for(request.user)
    progress = framdrift(arsmote)
    return render(
        request,
        "aktiviteter/arsmote/detail.html",
        {
            "arsmote": arsmote,
            "framdrift": progress,
            "oppsett": Arsmoteoppsett.objects.for_aar(arsmote.aar),
            "kan_styre": syklus.kan_styre(request.user, arsmote),
            "i_valgkomiteen": arsmote.lokallag_id in access.committee_chapter_ids,
            "access": access,
            "today": timezone.localdate(),
        },
    )


def dato(request: HttpRequest, pk: int) -> HttpResponse:
    arsmote = _meeting(request, pk)
    if not syklus.kan_styre(request.user, arsmote):
        return redirect(arsmote)
    form = ArsmoteDatoForm(request.POST or None, instance=arsmote)
    sendt = arsmote.innkalling_sendt is not None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            syklus.arsmote_planlegg(arsmote=arsmote, bruker=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Datoen for årsmøtet er lagret."))
            return redirect(arsmote)
    return render(
        request,
        "aktiviteter/arsmote/dato.html",
        {
            "form": form,
            "arsmote": arsmote,
            "oppsett": Arsmoteoppsett.objects.for_aar(arsmote.aar),
            "innkalling_sendt": sendt,
        },
    )


@require_POST
def holdt(request: HttpRequest, pk: int) -> HttpResponse:
    arsmote = _meeting(request, pk)
    if not syklus.kan_styre(request.user, arsmote):
        return redirect(arsmote)
    try:
        syklus.arsmote_marker_holdt(arsmote=arsmote, bruker=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Årsmøtet er markert som holdt."))
    return redirect(arsmote)


urlpatterns = [
    path("", index, name="index"),
    path("oppsett/", oppsett, name="oppsett"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/dato/", dato, name="dato"),
    path("<int:pk>/holdt/", holdt, name="holdt"),
]
