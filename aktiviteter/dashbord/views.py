"""The dashboard of the plan's targets (/dashbord/ and the board's start page), a target's
drill-down, the admins' target editing, and the PDF exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aktiviteter.dashbord import reports
from aktiviteter.dashbord.defaults import maal_lagre, maal_opprett_standard, standards
from aktiviteter.dashbord.forms import MaalForm
from aktiviteter.dashbord.models import Maal
from aktiviteter.dashbord.paneler import paneler_for
from aktiviteter.dashbord.selectors import chapter_dashboard, county_dashboard, target_detail
from aktiviteter.dashbord.verving import vervekampanjer
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import client_ip
from buskerud_sp.core.dataversion import data_version
from buskerud_sp.core.periods import plan_year
from buskerud_sp.core.permissions import admin_required, board_or_admin_required
from lokallag.models import Lokallag


def _year(request: HttpRequest) -> int:
    return plan_year(request.GET.get("aar"), timezone.localdate())


def _chapter_for(request: HttpRequest) -> Lokallag | None:
    """The chapter whose dashboard is asked for: ``?lag=`` for the board and admins (the
    county's when absent), a leader's own chapter (the first, when they lead several)."""
    access = access_for(request.user)
    slug = request.GET.get("lag", "")
    if access.sees_all_chapters:
        if not slug:
            return None
        return get_object_or_404(Lokallag.objects.lokallag(), slug=slug)
    if not access.officer_chapter_ids:
        raise Http404
    own = Lokallag.objects.filter(pk__in=access.officer_chapter_ids).order_by("navn")
    if slug:
        return get_object_or_404(own, slug=slug)
    return own.first()


def _sort(request: HttpRequest) -> tuple[str, bool]:
    return request.GET.get("sorter", "")[:10], request.GET.get("retning") == "synkende"


@require_GET
def dashboard(request: HttpRequest, *, start_page: bool = False) -> HttpResponse:
    """The plan's targets. As the board's start page it also lists the chapters the board
    member follows up (lokallag.oppfolging)."""
    aar = _year(request)
    today = timezone.localdate()
    chapter = _chapter_for(request)
    access = access_for(request.user)
    context = {
        "aar": aar,
        "years": [aar - 1, aar + 1],
        "is_admin": access.is_admin,
        "sees_all": access.sees_all_chapters,
        "missing_defaults": access.is_admin and not Maal.objects.for_aar(aar).exists(),
        "start_page": start_page,
    }
    if chapter is not None:
        # The key of the rendered target cards (as for the county's below).
        context["data_version"] = data_version()
        context["dashboard"] = chapter_dashboard(
            chapter, aar, today, version=context["data_version"]
        )
        if context["dashboard"].oppdateres:
            context["data_version"] = context["dashboard"].oppdateres
        context["vervekampanjer"] = vervekampanjer(today, chapter)
        context["paneler"] = paneler_for(request.user, aar, today, chapter)
        context["own_chapters"] = (
            None
            if access.sees_all_chapters
            else Lokallag.objects.filter(pk__in=access.officer_chapter_ids).order_by("navn")
        )
        return render(request, "aktiviteter/dashbord/lokallag.html", context)
    sort, descending = _sort(request)
    # The key of the rendered cards and tables, and the version whose figures are shown (or,
    # while the worker updates them, the version before it).
    context["data_version"] = data_version()
    context["dashboard"] = county_dashboard(
        aar, today, sort=sort, descending=descending, version=context["data_version"]
    )
    if context["dashboard"].oppdateres:
        # The figures before the change: their tables are kept under their own version.
        context["data_version"] = context["dashboard"].oppdateres
    context["sort"] = sort
    context["descending"] = descending
    context["vervekampanjer"] = vervekampanjer(today)
    context["paneler"] = paneler_for(request.user, aar, today)

    return render(request, "aktiviteter/dashbord/dashbord.html", context)


@require_GET
@board_or_admin_required
def maal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A target's drill-down: the bigger chart, every chapter's value, the lists behind it."""
    maal = get_object_or_404(Maal.objects.visible_to(request.user), pk=pk)
    descending = request.GET.get("retning") != "stigende"
    detail = target_detail(maal, timezone.localdate(), descending=descending)
    return render(
        request,
        "aktiviteter/dashbord/maal_detail.html",
        {"detail": detail, "maal": maal, "is_admin": access_for(request.user).is_admin},
    )


@require_GET
@admin_required
def maal_list(request: HttpRequest) -> HttpResponse:
    aar = _year(request)
    targets = Maal.objects.for_aar(aar).order_by("rekkefolge", "pk")
    codes = set(targets.exclude(kode="").values_list("kode", flat=True))
    return render(
        request,
        "aktiviteter/dashbord/maal_list.html",
        {
            "aar": aar,
            "years": [aar - 1, aar + 1],
            "targets": targets,
            "missing_defaults": [s for s in standards() if s.kode not in codes],
        },
    )


@require_POST
@admin_required
def maal_defaults(request: HttpRequest) -> HttpResponse:
    """Create the plan's targets for a year (those missing; the others stay as they are)."""
    try:
        aar = int(request.POST.get("aar", ""))
    except ValueError:
        aar = timezone.localdate().year
    if not 2000 <= aar <= 2100:
        raise Http404
    created = maal_opprett_standard(aar=aar, av=request.user, ip=client_ip(request))
    if created:
        messages.success(
            request,
            _("%(n)s mål fra virksomhetsplanen er opprettet for %(aar)s.")
            % {"n": len(created), "aar": aar},
        )
    else:
        messages.info(
            request,
            _("Alle målene fra virksomhetsplanen finnes allerede for %(aar)s.") % {"aar": aar},
        )
    return redirect(f"{reverse('dashbord:maal_list')}?aar={aar}")


def _maal_form_page(request: HttpRequest, maal: Maal | None) -> HttpResponse:
    initial = {} if maal else {"aar": _year(request)}
    form = MaalForm(
        request.POST if request.method == "POST" else None, instance=maal, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        saved = maal_lagre(
            maal=form.instance, changed=form.changed_data, av=request.user, ip=client_ip(request)
        )
        messages.success(request, _("Målet «%(navn)s» er lagret.") % {"navn": saved.navn})
        return redirect(f"{reverse('dashbord:maal_list')}?aar={saved.aar}")
    return render(request, "aktiviteter/dashbord/maal_form.html", {"form": form, "maal": maal})


@admin_required
def maal_create(request: HttpRequest) -> HttpResponse:
    return _maal_form_page(request, None)


@admin_required
def maal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _maal_form_page(request, get_object_or_404(Maal, pk=pk))


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    """The dashboard as a PDF (for the county annual meeting); a leader gets the chapter's."""
    aar = _year(request)
    today = timezone.localdate()
    chapter = _chapter_for(request)
    if chapter is not None:
        board = chapter_dashboard(chapter, aar, today)
        return _pdf(reports.dashboard_pdf(board), f"dashbord-{aar}-{chapter.slug}.pdf")
    return _pdf(reports.dashboard_pdf(county_dashboard(aar, today)), f"dashbord-{aar}.pdf")


@require_GET
@board_or_admin_required
def aarsmelding_pdf(request: HttpRequest) -> HttpResponse:
    """A draft of the county's annual report, generated from the year's data."""
    aar = _year(request)
    return _pdf(reports.aarsmelding_pdf(aar, timezone.localdate()), f"arsmelding-{aar}-utkast.pdf")
