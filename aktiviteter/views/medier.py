"""Media appearances: the year's overview per unit, and registering, changing and deleting."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buskerud_sp.parsing import row_id
from lokallag.models import Lokallag

from .. import services
from ..forms import MedieoppslagForm
from ..models import Medieoppslag, Medietype
from ..oversikter import media_by_chapter
from .aktiviteter import require_activity_access

PAGE_SIZE = 50


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("aar", "")
    today = timezone.localdate()
    year = row_id(raw)
    return year if year is not None and 2000 <= year <= today.year + 1 else today.year


@require_GET
def media_list(request: HttpRequest) -> HttpResponse:
    require_activity_access(request.user)
    year = _year(request)
    appearances = (
        Medieoppslag.objects.visible_to(request.user)
        .i_aar(year)
        .select_related("lokallag")
        .order_by("-dato", "-pk")
    )
    editable = set(
        Medieoppslag.objects.managed_by(request.user).i_aar(year).values_list("pk", flat=True)
    )
    return render(
        request,
        "aktiviteter/medier_list.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
            "units": media_by_chapter(request.user, year),
            "types": Medietype.choices,
            "page": Paginator(appearances, PAGE_SIZE).get_page(request.GET.get("side")),
            "editable": editable,
            "can_register": Lokallag.objects.managed_by(request.user).exists(),
        },
    )


def _form_page(request: HttpRequest, oppslag: Medieoppslag | None) -> HttpResponse:
    units = Lokallag.objects.managed_by(request.user).aktive()
    if not units.exists():
        raise Http404
    form = MedieoppslagForm(
        request.POST if request.method == "POST" else None, units=units, instance=oppslag
    )
    if request.method == "POST" and form.is_valid():
        saved = services.medieoppslag_lagre(oppslag=form.instance, bruker=request.user)
        messages.success(request, _("«%(tittel)s» er lagret.") % {"tittel": saved.tittel})
        return redirect(f"{reverse('aktiviteter:media_list')}?aar={saved.dato.year}")
    return render(request, "aktiviteter/medier_form.html", {"form": form, "oppslag": oppslag})


def media_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


def media_edit(request: HttpRequest, pk: int) -> HttpResponse:
    oppslag = get_object_or_404(Medieoppslag.objects.managed_by(request.user), pk=pk)
    return _form_page(request, oppslag)


@require_POST
def media_delete(request: HttpRequest, pk: int) -> HttpResponse:
    oppslag = get_object_or_404(Medieoppslag.objects.managed_by(request.user), pk=pk)
    services.medieoppslag_slett(oppslag=oppslag, bruker=request.user)
    messages.success(request, _("Oppslaget er slettet."))
    return redirect("aktiviteter:media_list")
