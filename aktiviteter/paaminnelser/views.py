"""The rhythm's pages: admins see and change the rules and see the deliveries (failed ones
first, with «try again») and send the date plan to the chapter leaders (a confirmation page,
then the publication's log); members unsubscribe from reminders by the link in every mail."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aktiviteter.datoplan.models import Datoplan, Datoplanutsending
from aktiviteter.datoplan.services import endringer_siden_utsending
from aktiviteter.datoplan.visning import endringstekster
from aktiviteter.paaminnelser import services
from aktiviteter.paaminnelser.forms import RegelForm
from aktiviteter.paaminnelser.models import (
    Leveringsstatus,
    Paaminnelse,
    Paaminnelsesregel,
    Regeltype,
)
from aktiviteter.paaminnelser.regelvisning import regelbeskrivelse
from aktiviteter.paaminnelser.services.avmelding import medlem_fra_token
from aktiviteter.paaminnelser.utsending import datoplan_publiser, ledermottakere
from buskerud_sp.core.periods import plan_year
from buskerud_sp.core.permissions import admin_required


@require_GET
@admin_required
def rules(request: HttpRequest) -> HttpResponse:
    regler = Paaminnelsesregel.objects.sikre_standard()
    order = {key: index for index, key in enumerate(Regeltype.values)}
    rows = [
        (regel, regelbeskrivelse(regel, regler[Regeltype.TIRSDAGSMOTE]))
        for regel in sorted(regler.values(), key=lambda r: order.get(r.nokkel, 99))
    ]
    return render(request, "aktiviteter/paaminnelser/regler.html", {"rows": rows})


@admin_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    regel = get_object_or_404(Paaminnelsesregel, pk=pk)
    form = RegelForm(request.POST if request.method == "POST" else None, instance=regel)
    if request.method == "POST" and form.is_valid():
        saved = services.regel_lagre(regel=form.instance, bruker=request.user)
        messages.success(request, _("Regelen «%(navn)s» er lagret.") % {"navn": saved})
        return redirect("datoplan:rules")
    return render(
        request, "aktiviteter/paaminnelser/regel_form.html", {"form": form, "regel": regel}
    )


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
        "aktiviteter/paaminnelser/paaminnelser.html",
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
        "aktiviteter/paaminnelser/avmelding.html",
        {"done": done, "already": not medlem.samtykke_paaminnelser and not done},
    )


def _year(request: HttpRequest) -> int:
    return plan_year(request.GET.get("aar"), timezone.localdate())


@admin_required
def publish(request: HttpRequest) -> HttpResponse:
    """Send the plan to the chapter leaders: a confirmation page, then the sending."""
    aar = _year(request)
    plan = get_object_or_404(Datoplan.objects.visible_to(request.user), aar=aar)
    error = None
    if request.method == "POST":
        try:
            utsending = datoplan_publiser(plan=plan, bruker=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("Versjon %(nr)s av datoplanen sendes nå til %(antall)s lokallagsledere.")
                % {"nr": utsending.versjon.nummer, "antall": utsending.leveringer.count()},
            )
            return redirect(reverse("datoplan:log") + f"?aar={aar}")
    versjon, endringer = endringer_siden_utsending(plan)
    forrige = plan.siste_utsending()
    return render(
        request,
        "aktiviteter/paaminnelser/send.html",
        {
            "plan": plan,
            "versjon": versjon,
            "forrige": forrige,
            "endringer": endringstekster(endringer, versjon.innhold if versjon else ()),
            "mottakere": ledermottakere(),
            "error": error,
            "kan_sende": versjon is not None
            and (forrige is None or (forrige.versjon_id != versjon.pk and endringer)),
        },
    )


@require_GET
@admin_required
def log(request: HttpRequest) -> HttpResponse:
    """Who received which version."""
    aar = _year(request)
    plan = get_object_or_404(Datoplan.objects.visible_to(request.user), aar=aar)
    deliveries = Paaminnelse.objects.visible_to(request.user).select_related(
        "mottaker", "mottaker__lokallag"
    )
    publications = (
        Datoplanutsending.objects.filter(plan=plan)
        .select_related("versjon", "publisert_av")
        .prefetch_related(
            Prefetch("leveringer", queryset=deliveries.order_by("mottaker__lokallag__navn"))
        )
    )
    return render(
        request,
        "aktiviteter/paaminnelser/utsendinger.html",
        {"plan": plan, "publications": publications},
    )
