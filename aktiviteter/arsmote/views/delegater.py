"""Delegates to the county's annual meeting: a chapter's list (kept by its officers, read by
the board), and the admin's overview of every chapter with the county's three files (the list
as CSV and PDF, and name tags)."""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from aktiviteter.arsmote.models import Arsmote
from aktiviteter.arsmote.services import delegater, syklus
from aktiviteter.arsmote.views.syklus import handles_cycle
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import client_ip
from buskerud_sp.core.periods import plan_year
from buskerud_sp.core.permissions import admin_required, ensure
from medlemmer.models import Medlem

DELEGAT, VARA = "delegat", "vara"


class DelegatForm(forms.Form):
    medlem = forms.ModelChoiceField(
        label=gettext_lazy("Medlem"),
        queryset=Medlem.objects.none(),
        empty_label=gettext_lazy("Velg medlem …"),
        error_messages={"required": gettext_lazy("Velg et medlem.")},
    )
    vara = forms.ChoiceField(
        label=gettext_lazy("Føres opp som"),
        choices=[(DELEGAT, gettext_lazy("Delegat")), (VARA, gettext_lazy("Vara"))],
        initial=DELEGAT,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, user, arsmote: Arsmote, **kwargs):
        super().__init__(*args, **kwargs)
        # Validated against the members the user may see (the service then demands an active
        # member of this chapter); offered are the chapter's active members not on the list.
        field = self.fields["medlem"]
        field.queryset = Medlem.objects.visible_to(user)
        field.widget.choices = [
            ("", field.empty_label),
            *((m.pk, m.navn) for m in delegater.kandidater(arsmote)),
        ]


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("aar")
    return plan_year(raw, timezone.localdate()) if raw else syklus.aktuelt_aar()


def _meeting(request: HttpRequest, pk: int) -> Arsmote:
    ensure(request.user, handles_cycle)
    return get_object_or_404(
        Arsmote.objects.visible_to(request.user).select_related("lokallag"), pk=pk
    )


def liste(request: HttpRequest, pk: int) -> HttpResponse:
    arsmote = _meeting(request, pk)
    kan_styre = syklus.kan_styre(request.user, arsmote) and not arsmote.lokallag.er_fylkeslag
    form = None
    if kan_styre:
        form = DelegatForm(
            request.POST if request.method == "POST" else None, user=request.user, arsmote=arsmote
        )
        if request.method == "POST" and form.is_valid():
            try:
                delegat = delegater.delegat_legg_til(
                    arsmote=arsmote,
                    medlem=form.cleaned_data["medlem"],
                    vara=form.cleaned_data["vara"] == VARA,
                    bruker=request.user,
                    ip=client_ip(request),
                )
            except ValidationError as error:
                form.add_error(None, error)  # a dict names the field
            else:
                messages.success(
                    request,
                    (
                        _("%(navn)s er ført opp som vara.")
                        if delegat.vara
                        else _("%(navn)s er ført opp som delegat.")
                    )
                    % {"navn": delegat.medlem.navn},
                )
                return redirect("arsmote:delegater", pk=arsmote.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "aktiviteter/arsmote/delegater.html",
        {
            "arsmote": arsmote,
            "liste": delegater.delegatliste(arsmote),
            "form": form,
            "kan_styre": kan_styre,
            "access": access_for(request.user),
        },
    )


def _delegat(request: HttpRequest, pk: int, delegat_pk: int):
    arsmote = _meeting(request, pk)
    return get_object_or_404(arsmote.delegater.select_related("arsmote", "medlem"), pk=delegat_pk)


@require_POST
def fjern(request: HttpRequest, pk: int, delegat_pk: int) -> HttpResponse:
    delegat = _delegat(request, pk, delegat_pk)
    delegater.delegat_fjern(delegat=delegat, bruker=request.user, ip=client_ip(request))
    messages.success(request, _("%(navn)s er fjernet fra listen.") % {"navn": delegat.medlem.navn})
    return redirect("arsmote:delegater", pk=pk)


@require_POST
def flytt(request: HttpRequest, pk: int, delegat_pk: int) -> HttpResponse:
    delegat = _delegat(request, pk, delegat_pk)
    delegater.delegat_flytt(
        delegat=delegat,
        opp=request.POST.get("retning") != "ned",
        bruker=request.user,
        ip=client_ip(request),
    )
    return redirect("arsmote:delegater", pk=pk)


@admin_required
def oversikt(request: HttpRequest) -> HttpResponse:
    aar = _year(request)
    return render(
        request,
        "aktiviteter/arsmote/delegater_oversikt.html",
        {
            "aar": aar,
            "oversikt": delegater.delegatoversikt(aar),
            "access": access_for(request.user),
        },
    )


def _is_admin(request: HttpRequest) -> bool:
    return access_for(request.user).is_admin


def _file(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@reauthentication_required(enabled=_is_admin)
@admin_required
def liste_csv(request: HttpRequest) -> HttpResponse:
    aar = _year(request)
    content = delegater.delegater_csv(aar=aar, bruker=request.user, ip=client_ip(request))
    return _file(content, "text/csv; charset=utf-8", f"delegater-{aar}.csv")


@require_GET
@reauthentication_required(enabled=_is_admin)
@admin_required
def liste_pdf(request: HttpRequest) -> HttpResponse:
    aar = _year(request)
    content = delegater.delegater_pdf(aar=aar, bruker=request.user, ip=client_ip(request))
    return _file(content, "application/pdf", f"delegater-{aar}.pdf")


@require_GET
@reauthentication_required(enabled=_is_admin)
@admin_required
def navnelapper_pdf(request: HttpRequest) -> HttpResponse:
    aar = _year(request)
    content = delegater.navnelapper_pdf(aar=aar, bruker=request.user, ip=client_ip(request))
    return _file(content, "application/pdf", f"navnelapper-{aar}.pdf")


urlpatterns = [
    path("<int:pk>/delegater/", liste, name="delegater"),
    path("<int:pk>/delegater/<int:delegat_pk>/fjern/", fjern, name="delegat_fjern"),
    path("<int:pk>/delegater/<int:delegat_pk>/flytt/", flytt, name="delegat_flytt"),
    path("delegater/", oversikt, name="delegater_oversikt"),
    path("delegater.csv", liste_csv, name="delegater_csv"),
    path("delegater.pdf", liste_pdf, name="delegater_pdf"),
    path("navnelapper.pdf", navnelapper_pdf, name="navnelapper_pdf"),
]
