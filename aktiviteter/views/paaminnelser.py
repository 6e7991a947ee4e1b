"""The rhythm's pages: admins see and change the rules and see the deliveries (failed ones
first, with «try again»); members unsubscribe from reminders by the link in every mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from buskerud_sp.core.permissions import admin_required

from .. import services
from ..forms import RegelForm
from ..models import Leveringsstatus, Paaminnelse, Paaminnelsesregel
from ..models.paaminnelser import Regeltype
from ..regelvisning import regelbeskrivelse
from ..services.paaminnelser import medlem_fra_token


@require_GET
@admin_required
def rules(request: HttpRequest) -> HttpResponse:
    regler = Paaminnelsesregel.objects.sikre_standard()
    order = {key: index for index, key in enumerate(Regeltype.values)}
    rows = [
        (regel, regelbeskrivelse(regel, regler[Regeltype.TIRSDAGSMOTE]))
        for regel in sorted(regler.values(), key=lambda r: order.get(r.nokkel, 99))
    ]
    return render(request, "aktiviteter/datoplan/regler.html", {"rows": rows})


@admin_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    regel = get_object_or_404(Paaminnelsesregel, pk=pk)
    form = RegelForm(request.POST if request.method == "POST" else None, instance=regel)
    if request.method == "POST" and form.is_valid():
        saved = services.regel_lagre(regel=form.instance, bruker=request.user)
        messages.success(request, _("Regelen «%(navn)s» er lagret.") % {"navn": saved})
        return redirect("datoplan:rules")
    return render(request, "aktiviteter/datoplan/regel_form.html", {"form": form, "regel": regel})


@require_GET
@admin_required
def deliveries(request: HttpRequest) -> HttpResponse:
    rows = Paaminnelse.objects.visible_to(request.user).select_related(
        "mottaker", "mottaker_bruker", "aktivitet", "punkt"
    )
    status = request.GET.get("status", "")
    if status in Leveringsstatus.values:
        rows = rows.filter(status=status)
    counts = dict(
        Paaminnelse.objects.visible_to(request.user)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    page = Paginator(rows.order_by("-opprettet", "-pk"), 100).get_page(request.GET.get("side"))
    return render(
        request,
        "aktiviteter/datoplan/paaminnelser.html",
        {
            "page": page,
            "failed": Paaminnelse.objects.visible_to(request.user)
            .feilet()
            .select_related("mottaker", "mottaker_bruker"),
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in Leveringsstatus.choices
            ],
            "status": status,
        },
    )


@require_POST
@admin_required
def delivery_retry(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(Paaminnelse.objects.visible_to(request.user), pk=pk)
    if services.paaminnelse_prov_igjen(paaminnelse=row):
        messages.success(request, _("Påminnelsen sendes på nytt."))
    return redirect("datoplan:deliveries")


@login_not_required
@never_cache
@csrf_exempt  # the signed token is the credential; mail clients post one-click unsubscribes
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (link scanners must not unsubscribe anyone); POST unsubscribes."""
    medlem = medlem_fra_token(token)
    if medlem is None:
        raise Http404
    done = False
    if request.method == "POST":
        services.paaminnelser_avmeld(medlem=medlem, request=request)
        done = True
    return render(
        request,
        "aktiviteter/datoplan/avmelding.html",
        {"done": done, "already": not medlem.samtykke_paaminnelser and not done},
    )
