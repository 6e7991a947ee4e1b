"""The date plan: everyone logged in reads the timeline; admins add, move, cancel and mark
items held, see every version, and send the plan to the chapter leaders."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aktiviteter.aktivitet.models import Aktivitet
from aktiviteter.datoplan import services
from aktiviteter.datoplan.forms import AvholdtForm, DatoplanpunktForm
from aktiviteter.datoplan.models import Datoplan, Datoplanpunkt
from aktiviteter.datoplan.services import endringer_siden_utsending
from aktiviteter.datoplan.visning import (
    Punktvisning,
    datoplan_pdf,
    endringstekster,
    halvdeler,
    punkter_fra_innhold,
)
from buskerud_sp.core.access import access_for
from buskerud_sp.core.periods import plan_year
from buskerud_sp.core.permissions import admin_required, board_or_admin_required


def _year(request: HttpRequest) -> int:
    return plan_year(request.GET.get("aar"), timezone.localdate())


def _index_url(punkt: Datoplanpunkt | None = None, aar: int | None = None) -> str:
    aar = aar or (punkt.plan.aar if punkt else None)
    url = reverse("datoplan:index") + (f"?aar={aar}" if aar else "")
    return url + (f"#punkt-{punkt.pk}" if punkt else "")


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The timeline: before and after the summer, past items greyed."""
    aar = _year(request)
    access = access_for(request.user)
    plan = Datoplan.objects.visible_to(request.user).filter(aar=aar).first()
    items = list(plan.punkter.for_timeline()) if plan else []
    punkter = [Punktvisning.fra_snapshot(item.snapshot()) for item in items]
    visible_activities = set(
        Aktivitet.objects.visible_to(request.user)
        .filter(pk__in=[p.aktivitet_id for p in punkter if p.aktivitet_id])
        .values_list("pk", flat=True)
    )
    context = {
        "aar": aar,
        "plan": plan,
        "has_versions": bool(plan and plan.versjoner.exists()),
        "halvdeler": halvdeler(punkter),
        "today": timezone.localdate(),
        "synlige_aktiviteter": visible_activities,
        "is_admin": access.is_admin,
        "sees_versions": access.sees_all_chapters,
        "years": sorted(
            {*Datoplan.objects.visible_to(request.user).values_list("aar", flat=True), aar}
        ),
    }
    if access.is_admin and plan:
        versjon, endringer = endringer_siden_utsending(plan)
        context.update(
            versjon=versjon,
            siste_utsending=plan.siste_utsending(),
            usendte_endringer=len(endringer),
            forfalte=plan.punkter.forfalt().count(),
        )
    return render(request, "aktiviteter/datoplan/index.html", context)


@require_GET
def plan_pdf(request: HttpRequest) -> HttpResponse:
    aar = _year(request)
    plan = get_object_or_404(Datoplan.objects.visible_to(request.user), aar=aar)
    versjon = plan.siste_versjon()
    if versjon is None:
        raise Http404
    pdf = datoplan_pdf(
        aar=aar, punkter=punkter_fra_innhold(versjon.innhold), versjon=versjon.nummer
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="datoplan-{aar}.pdf"'
    return response


def _item_form(request: HttpRequest, punkt: Datoplanpunkt) -> HttpResponse:
    form = DatoplanpunktForm(
        request.POST if request.method == "POST" else None,
        instance=punkt,
        user=request.user,
        aar=punkt.plan.aar,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.datoplanpunkt_lagre(punkt=form.instance, bruker=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("«%(tittel)s» er lagret.") % {"tittel": saved.tittel})
            return redirect(_index_url(saved))
    return render(request, "aktiviteter/datoplan/punkt_form.html", {"form": form, "punkt": punkt})


@admin_required
def item_create(request: HttpRequest) -> HttpResponse:
    aar = _year(request)
    # The plan row is made with its first item (by the service), not by a failed form.
    plan = Datoplan.objects.filter(aar=aar).first() or Datoplan(aar=aar)
    return _item_form(request, Datoplanpunkt(plan=plan))


@admin_required
def _admin_item(request: HttpRequest, pk: int) -> Datoplanpunkt:
    return get_object_or_404(
        Datoplanpunkt.objects.visible_to(request.user).select_related("plan"), pk=pk
    )


def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_form(request, _admin_item(request, pk))


@require_POST
def item_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    punkt = _admin_item(request, pk)
    try:
        services.datoplanpunkt_avlys(punkt=punkt, bruker=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("«%(tittel)s» er avlyst.") % {"tittel": punkt.tittel})
    return redirect(_index_url(punkt))


@require_POST
def item_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    punkt = _admin_item(request, pk)
    services.datoplanpunkt_gjenaapne(punkt=punkt, bruker=request.user)
    messages.success(request, _("«%(tittel)s» er planlagt igjen.") % {"tittel": punkt.tittel})
    return redirect(_index_url(punkt))


def item_held(request: HttpRequest, pk: int) -> HttpResponse:
    punkt = _admin_item(request, pk)
    form = AvholdtForm(
        request.POST if request.method == "POST" else None, user=request.user, punkt=punkt
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.datoplanpunkt_marker_avholdt(
                punkt=punkt, bruker=request.user, aktivitet=form.cleaned_data["aktivitet"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request, _("«%(tittel)s» er markert som avholdt.") % {"tittel": punkt.tittel}
            )
            return redirect(_index_url(punkt))
    return render(
        request, "aktiviteter/datoplan/punkt_avholdt.html", {"form": form, "punkt": punkt}
    )


@require_GET
@board_or_admin_required
def versions(request: HttpRequest) -> HttpResponse:
    """Every change as a version: who, when, what changed."""
    aar = _year(request)
    plan = get_object_or_404(Datoplan.objects.visible_to(request.user), aar=aar)
    rows = [
        (versjon, endringstekster(versjon.endringer, versjon.innhold))
        for versjon in plan.versjoner.select_related("laget_av").order_by("-nummer")
    ]
    published = dict(plan.utsendinger.values_list("versjon_id", "publisert"))
    return render(
        request,
        "aktiviteter/datoplan/versjoner.html",
        {"plan": plan, "rows": rows, "published": published},
    )
