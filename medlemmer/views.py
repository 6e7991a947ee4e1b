from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from buskerud_sp.core import audit_reads, dataversion
from buskerud_sp.core.access import Access, access_for
from buskerud_sp.core.audit import client_ip
from buskerud_sp.core.models import AuditAction
from buskerud_sp.core.paging import CountedPaginator
from buskerud_sp.core.permissions import admin_required
from lokallag.models import Distrikt, Lokallag, Verv

from . import innsyn, innsyn_visning, personvern, providers
from .exporting import write_members_csv
from .forms import (
    AnonymiseringForm,
    MedlemFilterForm,
    MedlemForm,
    MedlemsimportForm,
    MinProfilForm,
    UtmeldingForm,
)
from .importing import (
    COLUMNS,
    ConfirmResult,
    ImportFileError,
    RowError,
    medlemsimport_cancel,
    medlemsimport_confirm,
    medlemsimport_create,
)
from .list_html import member_rows_html
from .models import Innmeldingsforslag, Kjonn, Medlem, Medlemsimport
from .selectors import filtered_members, member_rows
from .services import (
    InvitationError,
    medlem_inviter,
    medlem_meld_ut,
    medlem_oppdater,
    medlem_opprett,
)

PAGE_SIZE = 50
RECENT_ACTIVITIES = 20
IMPORT_LOG_SIZE = 20


def _filter_form(
    request: HttpRequest, access: Access, version: str | None = None
) -> MedlemFilterForm:
    # Only what the options show: a national list has 400 chapters.
    chapters = Lokallag.objects.visible_to(request.user).lokallag().only("pk", "navn")
    if not access.sees_all_members:
        chapters = chapters.filter(pk__in=access.officer_chapter_ids)
    show_district = access.sees_all_members

    def options() -> dict[str, list[tuple[int, str]]]:
        found = {"lokallag": [(c.pk, str(c)) for c in chapters]}
        if show_district:
            found["distrikt"] = [(d.pk, str(d)) for d in Distrikt.objects.all()]
        return found

    return MedlemFilterForm(
        request.GET or None,
        chapters=chapters,
        show_district=show_district,
        # The same for every list this user opens until the data changes.
        options=dataversion.cached("medlemsliste-valg", access, options, version=version),
    )


def member_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    # One read of the data version for the three values the page keeps by it.
    version = dataversion.data_version()
    form = _filter_form(request, access, version)
    data = form.cleaned_data if form.is_valid() else {}
    members = filtered_members(request.user, data)
    whose = (access, _filters_for_audit(data), timezone.localdate())
    counts = dataversion.cached(
        "medlemsliste",
        whose,
        lambda: members.aggregate(
            total=Count("pk"), kvinner=Count("pk", filter=Q(kjonn=Kjonn.KVINNE))
        ),
        version=version,
    )

    def page_keys(bottom: int, top: int) -> list[int]:
        # Kept like the totals: the same list opened again, or paged back to, walks no index.
        return dataversion.cached(
            "medlemsliste-side",
            (*whose, bottom, top),
            lambda: list(members.values_list("pk", flat=True)[bottom:top]),
            version=version,
        )

    page = CountedPaginator(
        members, PAGE_SIZE, count=counts["total"], rows=member_rows, keys=page_keys
    ).get_page(request.GET.get("side"))
    audit_reads.log_member_list(request, _filters_for_audit(data), counts["total"], page.number)
    query = request.GET.copy()
    query.pop("side", None)
    show_chapter = access.sees_all_members or len(access.officer_chapter_ids) > 1
    return render(
        request,
        "medlemmer/medlem_list.html",
        {
            "form": form,
            "page": page,
            "rows": member_rows_html(page, show_chapter=show_chapter),
            "counts": counts,
            "query": query.urlencode(),
            "show_chapter": show_chapter,
            "can_import_export": access.is_admin,
            "can_create": access.is_admin,
            "can_propose": access.is_officer,
            "pending_proposals": (
                Innmeldingsforslag.objects.venter().count() if access.is_admin else None
            ),
        },
    )


def _filters_for_audit(data: dict) -> dict:
    """The list's filter as plain values (model choices by id)."""
    return {k: getattr(v, "pk", v) for k, v in data.items() if v not in (None, "")}


def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    medlem = get_object_or_404(
        Medlem.objects.visible_to(request.user).select_related(
            "lokallag", "vervet_av", "vervekampanje"
        ),
        pk=pk,
    )
    access = access_for(request.user)
    audit_reads.log_member_view(request, medlem)
    offices = Verv.objects.filter(medlem=medlem).select_related("enhet").order_by("-fra_dato")
    # A member sees all of their own; others what they may see of the activities.
    participations = providers.participations(
        medlem, request.user, all_of_them=access.medlem_id == medlem.pk
    )[:RECENT_ACTIVITIES]
    return render(
        request,
        "medlemmer/medlem_detail.html",
        {
            "medlem": medlem,
            "offices": offices,
            "participations": participations,
            # The member's own open invitations, answered through the link (their page only).
            "invitations": providers.open_invitations(medlem.pk)
            if access.medlem_id == medlem.pk
            else [],
            "shifts": providers.own_shifts(medlem.pk) if access.medlem_id == medlem.pk else [],
            "link_activities": access.sees_all_chapters or access.is_officer,
            "today": timezone.localdate(),
            # Least data: officers see contact details; birth date and address are for
            # the board, the admins and the member themself.
            "show_personal": access.sees_all_members or access.medlem_id == medlem.pk,
            "edit_scope": access.member_edit_scope(medlem.pk),
        },
    )


@admin_required
def member_create(request: HttpRequest) -> HttpResponse:
    form = MedlemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        medlem = medlem_opprett(data=form.cleaned_data, av=request.user, ip=client_ip(request))
        messages.success(request, _("%(navn)s er registrert som medlem.") % {"navn": medlem.navn})
        return redirect(medlem)
    return render(request, "medlemmer/medlem_form.html", {"form": form, "medlem": None})


def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    medlem = get_object_or_404(Medlem.objects.visible_to(request.user), pk=pk)
    scope = access_for(request.user).member_edit_scope(medlem.pk)
    if scope is None:
        raise Http404
    form_class = MedlemForm if scope == "full" else MinProfilForm
    form = form_class(request.POST if request.method == "POST" else None, instance=medlem)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if data:
            medlem_oppdater(medlem=medlem, data=data, av=request.user, ip=client_ip(request))
            messages.success(request, _("Endringene er lagret."))
        return redirect(medlem)
    return render(request, "medlemmer/medlem_form.html", {"form": form, "medlem": medlem})


def _erases_on_end(request: HttpRequest) -> bool:
    return (
        _is_admin(request)
        and request.method == "POST"
        and bool(request.POST.get("slett_opplysninger"))
    )


@reauthentication_required(enabled=_erases_on_end)
@admin_required
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    medlem = get_object_or_404(Medlem.objects.visible_to(request.user).ikke_anonymisert(), pk=pk)
    form = UtmeldingForm(request.POST if request.method == "POST" else None, medlem=medlem)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                medlem_meld_ut(
                    medlem=medlem,
                    dato=form.cleaned_data["utmeldt"],
                    grunn=form.cleaned_data["grunn"],
                    av=request.user,
                    ip=client_ip(request),
                )
                if form.cleaned_data["slett_opplysninger"]:
                    personvern.medlem_anonymiser(medlem=medlem, av=request.user, request=request)
                    messages.success(
                        request, _("Medlemskapet er avsluttet og opplysningene slettet.")
                    )
                    return redirect("medlemmer:list")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Medlemskapet til %(navn)s er avsluttet.") % {"navn": medlem.navn}
            )
            return redirect(medlem)
    return render(request, "medlemmer/medlem_utmelding.html", {"form": form, "medlem": medlem})


@admin_required
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Admins give a member a login (POST only; the button is on the member page)."""
    medlem = get_object_or_404(Medlem.objects.visible_to(request.user), pk=pk)
    if request.method != "POST":
        return redirect(medlem)
    try:
        medlem_inviter(medlem=medlem, av=request.user, ip=client_ip(request))
    except InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Invitasjon er sendt til %(epost)s.") % {"epost": medlem.epost})
    return redirect(medlem)


def _may_export(request: HttpRequest) -> bool:
    """Reauthentication is asked only of those who may go on; the others get their 404."""
    access = access_for(request.user)
    return access.is_admin or access.medlem_id == request.resolver_match.kwargs.get("pk")


def _is_admin(request: HttpRequest) -> bool:
    return access_for(request.user).is_admin


@reauthentication_required(enabled=_may_export)
def member_data_export(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """Right of access: everything the portal holds about a member, for the member and admins."""
    medlem = get_object_or_404(Medlem.objects.visible_to(request.user), pk=pk)
    access = access_for(request.user)
    if not (access.is_admin or access.medlem_id == medlem.pk):
        raise Http404
    audit_reads.log_read(
        request, AuditAction.ACCESS_REQUEST, obj=medlem, medlem_id=medlem.pk, data={"format": fmt}
    )
    data = innsyn.member_data(medlem)
    if fmt == "json":
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
        response["Content-Disposition"] = f'attachment; filename="innsyn-medlem-{medlem.pk}.json"'
        return response
    context = {"medlem": medlem, "sections": innsyn_visning.readable(data)}
    if fmt == "txt":
        response = render(
            request, "medlemmer/innsyn.txt", context, content_type="text/plain; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="innsyn-medlem-{medlem.pk}.txt"'
        return response
    return render(request, "medlemmer/innsyn.html", context)


@reauthentication_required(enabled=_is_admin)
@admin_required
def member_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Admins anonymise a member at once (the member asked to have their data deleted)."""
    medlem = get_object_or_404(Medlem.objects.ikke_anonymisert(), pk=pk)
    form = AnonymiseringForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        personvern.medlem_anonymiser(medlem=medlem, av=request.user, request=request)
        messages.success(request, _("Medlemmet er anonymisert."))
        return redirect("medlemmer:list")
    return render(request, "medlemmer/medlem_anonymiser.html", {"form": form, "medlem": medlem})


@admin_required
def retention(request: HttpRequest) -> HttpResponse:
    """The retention plan (a dry run), and running it now."""
    plan = personvern.retention_plan()
    if request.method == "POST":
        result = personvern.apply_retention()
        messages.success(
            request,
            _("%(antall)s medlemmer er anonymisert.") % {"antall": result["anonymisert"]},
        )
        return redirect("medlemmer:retention")
    return render(
        request,
        "medlemmer/personvern.html",
        {
            "to_anonymise": plan.to_anonymise,
            "dues_overdue": plan.dues_overdue,
            "grace_days": settings.RETENTION_LEFT_GRACE_DAYS,
            "dues_months": settings.RETENTION_DUES_MONTHS,
        },
    )


@require_GET
@reauthentication_required(enabled=_is_admin)
@admin_required
def member_export(request: HttpRequest) -> HttpResponse:
    """The member list as filtered on /medlemmer/, as CSV. Admins only."""
    access = access_for(request.user)
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
    audit_reads.log_read(
        request,
        AuditAction.EXPORT,
        data={
            "filter": _filters_for_audit(form.cleaned_data if form.is_bound else {}),
            "antall": count,
        },
    )
    return response


@require_http_methods(["GET", "POST"])
@admin_required
def member_import(request: HttpRequest) -> HttpResponse:
    """Step 1: upload. A file that can be read goes on to the preview."""
    if request.method == "POST":
        form = MedlemsimportForm(request.POST, request.FILES)
    else:
        form = MedlemsimportForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["fil"]
        try:
            medlemsimport = medlemsimport_create(
                uploaded_by=request.user,
                filename=upload.name,
                data=upload.read(),
                ip=client_ip(request),
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
        Medlemsimport.objects.visible_to(request.user).defer("fil", "tolkning"), pk=pk
    )
    if request.method == "POST":
        action = request.POST.get("handling")
        if action == "importer":
            result = medlemsimport_confirm(
                medlemsimport=medlemsimport, av=request.user, ip=client_ip(request)
            )
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
