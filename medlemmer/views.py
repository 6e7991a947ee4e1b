import logging

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from buskerud_sp.access import Access, access_for
from lokallag.models import Lokallag, Verv

from .exporting import write_members_csv
from .forms import MedlemFilterForm, MedlemsimportForm
from .importing import (
    COLUMNS,
    ConfirmResult,
    ImportFileError,
    RowError,
    medlemsimport_cancel,
    medlemsimport_confirm,
    medlemsimport_create,
)
from .models import Kjonn, Medlem, Medlemsimport
from .selectors import filtered_members

logger = logging.getLogger(__name__)

PAGE_SIZE = 50
IMPORT_LOG_SIZE = 20


def _filter_form(request: HttpRequest, access: Access) -> MedlemFilterForm:
    chapters = Lokallag.objects.visible_to(request.user).lokallag()
    if not access.sees_all_members:
        chapters = chapters.filter(pk__in=access.officer_chapter_ids)
    return MedlemFilterForm(
        request.GET or None, chapters=chapters, show_district=access.sees_all_members
    )


def member_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    form = _filter_form(request, access)
    data = form.cleaned_data if form.is_valid() else {}
    members = filtered_members(request.user, data)
    counts = members.aggregate(total=Count("pk"), kvinner=Count("pk", filter=Q(kjonn=Kjonn.KVINNE)))
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "medlemmer/medlem_list.html",
        {
            "form": form,
            "page": page,
            "counts": counts,
            "query": query.urlencode(),
            "show_chapter": access.sees_all_members or len(access.officer_chapter_ids) > 1,
            "can_import_export": access.is_admin,
        },
    )


def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    medlem = get_object_or_404(
        Medlem.objects.visible_to(request.user).select_related(
            "lokallag", "vervet_av", "vervekampanje"
        ),
        pk=pk,
    )
    access = access_for(request.user)
    offices = Verv.objects.filter(medlem=medlem).select_related("enhet").order_by("-fra_dato")
    return render(
        request,
        "medlemmer/medlem_detail.html",
        {
            "medlem": medlem,
            "offices": offices,
            "today": timezone.localdate(),
            # Least data: officers see contact details; birth date and address are for
            # the board, the admins and the member themself.
            "show_personal": access.sees_all_members or access.medlem_id == medlem.pk,
        },
    )


@require_GET
def member_export(request: HttpRequest) -> HttpResponse:
    """The member list as filtered on /medlemmer/, as CSV. Admins only."""
    access = access_for(request.user)
    if not access.is_admin:
        raise Http404
    form = _filter_form(request, access)
    if form.is_bound and not form.is_valid():
        # Never fall back to "everyone" when a filter is wrong.
        return HttpResponseBadRequest(_("Ugyldig filter."), content_type="text/plain")
    members = filtered_members(request.user, form.cleaned_data if form.is_bound else {})
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"medlemmer-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    count = write_members_csv(response, members)
    logger.info("Member export by user %s: %s rows", request.user.pk, count)
    return response


@require_http_methods(["GET", "POST"])
def member_import(request: HttpRequest) -> HttpResponse:
    """Step 1: upload. A file that can be read goes on to the preview."""
    if not access_for(request.user).is_admin:
        raise Http404
    if request.method == "POST":
        form = MedlemsimportForm(request.POST, request.FILES)
    else:
        form = MedlemsimportForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["fil"]
        try:
            medlemsimport = medlemsimport_create(
                uploaded_by=request.user, filename=upload.name, data=upload.read()
            )
        except ImportFileError as exc:
            form.add_error("fil", exc.message)
        else:
            return redirect(medlemsimport)
    log = Medlemsimport.objects.visible_to(request.user).logg()[:IMPORT_LOG_SIZE]
    return render(
        request,
        "medlemmer/import_upload.html",
        {"form": form, "columns": COLUMNS, "log": log},
    )


@require_http_methods(["GET", "POST"])
def member_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: the preview, where the admin confirms or cancels; afterwards, the result."""
    medlemsimport = get_object_or_404(
        Medlemsimport.objects.visible_to(request.user).defer("fil"), pk=pk
    )
    if request.method == "POST":
        action = request.POST.get("handling")
        if action == "importer":
            result = medlemsimport_confirm(medlemsimport=medlemsimport)
            _confirm_message(request, result)
            return redirect(medlemsimport)
        if action == "avbryt":
            if medlemsimport_cancel(medlemsimport=medlemsimport):
                messages.info(request, _("Importen er avbrutt. Ingen medlemmer ble endret."))
            return redirect("medlemmer:import")
        return HttpResponseBadRequest(_("Ukjent handling."), content_type="text/plain")
    report = medlemsimport.rapport or {}
    return render(
        request,
        "medlemmer/import_detail.html",
        {
            "imp": medlemsimport,
            "rejected": [str(RowError.from_dict(e)) for e in report.get("avvist", [])],
            "changed": report.get("endret", []),
            "ignored_columns": report.get("ignorerte_kolonner", []),
        },
    )


def _confirm_message(request: HttpRequest, result: ConfirmResult) -> None:
    if result is ConfirmResult.IMPORTED:
        messages.success(request, _("Importen er fullført."))
    elif result is ConfirmResult.CHANGED:
        messages.warning(
            request,
            _(
                "Medlemsregisteret er endret siden forhåndsvisningen. Ingenting er lagret; "
                "se over den nye forhåndsvisningen og bekreft på nytt."
            ),
        )
    else:
        messages.error(request, _("Denne importen venter ikke lenger på bekreftelse."))
