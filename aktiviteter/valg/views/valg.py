"""/valg/: the elections (coming first, then past), the admin's form for one, and an election's
page with the campaign plan's progress per chapter."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _

from aktiviteter.valg.forms.plan import ValgForm
from aktiviteter.valg.models import Valg, Valgkampmaal
from aktiviteter.valg.selectors.plan import lagstatus_for
from aktiviteter.valg.services.plan import valg_lagre
from aktiviteter.valg.tilgang import handles_valg, kan_planlegge, synlige_lag
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import client_ip
from buskerud_sp.core.permissions import admin_required, ensure


def valg_for(request: HttpRequest, pk: int) -> Valg:
    """The election, for those the election pages are for (others: 404)."""
    ensure(request.user, handles_valg)
    return get_object_or_404(Valg, pk=pk)


def index(request: HttpRequest) -> HttpResponse:
    access = ensure(request.user, handles_valg)
    today = timezone.localdate()
    return render(
        request,
        "aktiviteter/valg/index.html",
        {
            "kommende": list(Valg.objects.kommende(today)),
            "tidligere": list(Valg.objects.filter(dato__lt=today).order_by("-dato")),
            "is_admin": access.is_admin,
        },
    )


def _form_page(request: HttpRequest, valg: Valg | None) -> HttpResponse:
    form = ValgForm(request.POST if request.method == "POST" else None, instance=valg)
    if request.method == "POST" and form.is_valid():
        saved = valg_lagre(
            valg=form.instance, bruker=request.user, endret=form.changed_data, ip=client_ip(request)
        )
        messages.success(request, _("«%(valg)s» er lagret.") % {"valg": saved})
        return redirect(saved)
    return render(request, "aktiviteter/valg/valg_form.html", {"form": form, "valg": valg})


@admin_required
def create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@admin_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, get_object_or_404(Valg, pk=pk))


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    valg = valg_for(request, pk)
    access = access_for(request.user)
    today = timezone.localdate()
    chapters = synlige_lag(request.user).select_related("distrikt")
    rows = lagstatus_for(
        valg,
        chapters.order_by("distrikt__rekkefolge", "distrikt__navn", "navn"),
        Valgkampmaal.objects.visible_to(request.user),
        today,
    )
    with_goals = [r for r in rows if r.maal]
    many = len(rows) > 1
    visning = request.GET.get("vis", "") if many else ""
    shown = [r for r in rows if r.ligger_etter] if visning == "etter" else rows
    return render(
        request,
        "aktiviteter/valg/detail.html",
        {
            "valg": valg,
            "rader": shown,
            "antall_lag": len(rows),
            "med_maal": len(with_goals),
            "etter": sum(1 for r in rows if r.ligger_etter),
            "visning": visning,
            "filter": many,
            "today": today,
            "is_admin": access.is_admin,
            "kan_planlegge": kan_planlegge(request.user),
        },
    )


urlpatterns = [
    path("", index, name="index"),
    path("nytt/", create, name="create"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/endre/", edit, name="edit"),
]
