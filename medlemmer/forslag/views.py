"""The proposals of new members: officers propose to their chapter and follow the status;
admins confirm against the national register or reject. Outsiders get 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import client_ip
from buskerud_sp.core.paging import CountedPaginator
from buskerud_sp.core.permissions import admin_required
from lokallag.models import Lokallag

from ..models import Forslagsstatus, Innmeldingsforslag
from .forms import AvvisForm, ForslagForm, GodkjennForm
from .services import forslag_avvis, forslag_godkjenn, forslag_opprett

PAGE_SIZE = 50


def _chapters(request: HttpRequest):
    """The chapters the user may propose members to (404 for nobody's); ``?lag=`` narrows to
    one of them (404 for another chapter)."""
    access = access_for(request.user)
    chapters = Lokallag.objects.lokallag().aktive()
    if not access.is_admin:
        if not access.officer_chapter_ids:
            raise Http404
        chapters = chapters.filter(pk__in=access.officer_chapter_ids)
    slug = request.GET.get("lag", "")
    if slug:
        chapters = chapters.filter(pk=get_object_or_404(chapters, slug=slug).pk)
    return chapters


def forslag_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    if not (access.is_admin or access.is_officer):
        raise Http404
    proposals = (
        Innmeldingsforslag.objects.visible_to(request.user)
        .select_related("lokallag", "vervet_av", "medlem")
        .annotate(
            venter_forst=Case(
                When(status=Forslagsstatus.VENTER, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("venter_forst", "-opprettet", "-pk")
    )
    page = CountedPaginator(proposals, PAGE_SIZE, count=proposals.count()).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "medlemmer/forslag_list.html",
        {
            "page": page,
            "is_admin": access.is_admin,
            "can_propose": access.is_admin or access.is_officer,
        },
    )


def forslag_create(request: HttpRequest) -> HttpResponse:
    chapters = _chapters(request)
    form = ForslagForm(
        request.POST if request.method == "POST" else None,
        chapters=chapters,
        initial={"lokallag": chapters.order_by("navn").first()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            forslag = forslag_opprett(
                data=form.cleaned_data, av=request.user, ip=client_ip(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Forslaget om %(navn)s er sendt til administratorene.")
                % {"navn": f"{forslag.fornavn} {forslag.etternavn}"},
            )
            return redirect("medlemmer:forslag_detail", pk=forslag.pk)
    return render(request, "medlemmer/forslag_form.html", {"form": form})


def _detail(request, forslag, godkjenn=None, avvis=None, status=200) -> HttpResponse:
    is_admin = access_for(request.user).is_admin
    pending = forslag.status == Forslagsstatus.VENTER
    return render(
        request,
        "medlemmer/forslag_detail.html",
        {
            "forslag": forslag,
            "grunn": forslag.avvisningsgrunn,
            "can_decide": is_admin and pending,
            "godkjenn_form": godkjenn or GodkjennForm(),
            "avvis_form": avvis or AvvisForm(),
        },
        status=status,
    )


def _visible(request: HttpRequest, pk: int) -> Innmeldingsforslag:
    return get_object_or_404(
        Innmeldingsforslag.objects.visible_to(request.user).select_related(
            "lokallag", "vervet_av", "medlem", "foreslatt_av", "behandlet_av"
        ),
        pk=pk,
    )


def forslag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


@require_POST
@admin_required
def forslag_godkjenn_view(request: HttpRequest, pk: int) -> HttpResponse:
    forslag = _visible(request, pk)
    form = GodkjennForm(request.POST)
    if form.is_valid():
        try:
            medlem = forslag_godkjenn(
                forslag=forslag,
                medlemsnummer=form.cleaned_data["medlemsnummer"],
                innmeldt=form.cleaned_data["innmeldt"],
                av=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(navn)s er registrert som medlem.") % {"navn": medlem.navn}
            )
            return redirect(medlem)
    return _detail(request, forslag, godkjenn=form)


@require_POST
@admin_required
def forslag_avvis_view(request: HttpRequest, pk: int) -> HttpResponse:
    forslag = _visible(request, pk)
    form = AvvisForm(request.POST)
    if form.is_valid():
        try:
            forslag_avvis(
                forslag=forslag,
                grunn=form.cleaned_data["grunn"],
                av=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Forslaget er avvist."))
            return redirect("medlemmer:forslag_list")
    return _detail(request, forslag, avvis=form)
