"""The follow-up pages: the board member's chapters, the county overview, a chapter's log,
logging a contact, and marking a follow-up done; the towns-and-villages split; visits from
the county, the chapter tour and an activity's co-hosts; media appearances. Views parse,
call, render.

The visits, co-hosts and media keep their addresses under /aktiviteter/ and their names in
the ``aktiviteter`` URL namespace (see ``activity_urlpatterns`` in urls.py)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buskerud_sp.core import periods
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import client_ip
from buskerud_sp.core.parsing import row_id
from buskerud_sp.core.permissions import activity_access_required, ensure, follow_up_required
from buskerud_sp.core.redirects import own_url

from ..models import Lokallag
from ..providers import activities
from . import selectors, services
from .forms import (
    BesokForm,
    LokallagOppfolgingForm,
    MedieoppslagForm,
    MedvertForm,
    OppfolgingForm,
    PeriodeForm,
    ReiserundeForm,
)
from .models import Besok, Medieoppslag, Medietype, Oppfolging

PAGE_SIZE = 30


def _chapter_log_access(request: HttpRequest, slug: str) -> Lokallag:
    chapter = get_object_or_404(
        Lokallag.objects.visible_to(request.user).lokallag().select_related("distrikt"), slug=slug
    )
    ensure(request.user, lambda access: access.can_read_chapter_log(chapter.pk))
    return chapter


@require_GET
@follow_up_required
def my_chapters(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "lokallag/oppfolging/mine.html",
        {
            "chapters": selectors.my_chapters(request.user, today),
            "follow_ups": selectors.open_follow_ups_for(request.user),
            "today": today,
        },
    )


@require_GET
@follow_up_required
def county_overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "lokallag/oppfolging/oversikt.html",
        {"overview": selectors.county_overview(request.user, today), "today": today},
    )


@require_GET
def chapter_log(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = _chapter_log_access(request, slug)
    today = timezone.localdate()
    entries = selectors.log_entries(request.user).filter(lokallag=chapter)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "lokallag/oppfolging/lag.html",
        {
            "chapter": selectors.chapter_status(request.user, chapter, today),
            "page": page,
            "today": today,
            "follows_up": access_for(request.user).follows_up_chapters,
            "closable": set(
                Oppfolging.objects.closable_by(request.user)
                .filter(pk__in=[e.pk for e in page])
                .values_list("pk", flat=True)
            ),
        },
    )


@follow_up_required
def chapter_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """Who on the board follows the chapter up, and whether it is a town or a village."""
    chapter = _chapter_log_access(request, slug)
    form = LokallagOppfolgingForm(
        request.POST if request.method == "POST" else None, lokallag=chapter
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.lokallag_sett_oppfolging(
                lokallag=chapter,
                ansvarlig=form.cleaned_data["oppfolgingsansvarlig"],
                by_eller_bygd=form.cleaned_data["by_eller_bygd"],
                av=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Oppfølgingen av %(lag)s er lagret.") % {"lag": chapter})
            return redirect("oppfolging:chapter", slug=chapter.slug)
    return render(request, "lokallag/oppfolging/ansvar.html", {"chapter": chapter, "form": form})


@follow_up_required
def entry_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    chosen = request.GET.get("lokallag")
    if chosen:
        chapter = Lokallag.objects.lokallag().filter(slug=chosen).first()
        if chapter:
            initial["lokallag"] = chapter.pk
    form = OppfolgingForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.oppfolging_registrer(
                oppfolging=form.instance, av=request.user, ip=client_ip(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Kontakten med %(lag)s er logget.") % {"lag": entry.lokallag.navn}
            )
            return redirect("oppfolging:chapter", slug=entry.lokallag.slug)
    return render(request, "lokallag/oppfolging/form.html", {"form": form, "entry": None})


@follow_up_required
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        Oppfolging.objects.editable_by(request.user).select_related("lokallag"), pk=pk
    )
    form = OppfolgingForm(
        request.POST if request.method == "POST" else None, user=request.user, instance=entry
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.oppfolging_endre(
                oppfolging=form.instance, av=request.user, ip=client_ip(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Endringen er lagret."))
            return redirect(entry)
    return render(request, "lokallag/oppfolging/form.html", {"form": form, "entry": entry})


@require_GET
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.log_entries(request.user), pk=pk)
    return render(
        request,
        "lokallag/oppfolging/detail.html",
        {
            "entry": entry,
            "today": timezone.localdate(),
            "can_edit": Oppfolging.objects.editable_by(request.user).filter(pk=pk).exists(),
            "can_close": entry.er_apen
            and Oppfolging.objects.closable_by(request.user).filter(pk=pk).exists(),
        },
    )


@require_POST
def entry_done(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(Oppfolging.objects.closable_by(request.user), pk=pk)
    services.oppfolging_utfort(oppfolging=entry, av=request.user, ip=client_ip(request))
    messages.success(request, _("Oppfølgingen er merket som utført."))
    return redirect(own_url(request, request.POST.get("neste", "")) or entry)


@require_GET
@follow_up_required
def town_and_village(request: HttpRequest) -> HttpResponse:
    """Campaign activity, visits and recruitment split by town and village (this year unless
    a period is chosen)."""
    today = timezone.localdate()
    form = PeriodeForm(request.GET or None)
    start, end = form.period((today.replace(month=1, day=1), today))
    shares, total = selectors.town_and_village(request.user, start, end, today)
    return render(
        request,
        "lokallag/oppfolging/by_og_bygd.html",
        {"form": form, "shares": shares, "total": total, "start": start, "end": end},
    )


# --- Visits from the county, the chapter tour, co-hosts ---------------------------------------


def _half_year(request: HttpRequest) -> tuple[datetime.date, datetime.date]:
    """``?halvaar=2026-2`` or the current half-year."""
    try:
        year, half = (int(p) for p in request.GET.get("halvaar", "").split("-"))
    except ValueError:
        return periods.half_year(timezone.localdate())
    if half not in (1, 2) or not periods.PLAN_YEAR_MIN <= year <= periods.PLAN_YEAR_MAX:
        return periods.half_year(timezone.localdate())
    first_month = periods.HALF_YEAR_MONTHS[half - 1][0]
    return periods.half_year(datetime.date(year, first_month, 1))


def _half_year_param(day: datetime.date) -> str:
    """The ``?halvaar=`` value of the half-year the day falls in."""
    return f"{day.year}-{periods.half_year_number(day)}"


@require_GET
@follow_up_required
def visit_overview(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    start, end = _half_year(request)
    rows = selectors.visits_by_chapter(request.user, start, end, today)
    return render(
        request,
        "lokallag/oppfolging/besok_oversikt.html",
        {
            "rows": rows,
            "start": start,
            "end": end,
            "visited": sum(1 for r in rows if r.visited),
            "planned": sum(1 for r in rows if r.planned and not r.visited),
            "previous": _half_year_param(start - datetime.timedelta(days=1)),
            "following": _half_year_param(end + datetime.timedelta(days=1)),
        },
    )


@follow_up_required
def tour_plan(request: HttpRequest) -> HttpResponse:
    """Plan one stop of the chapter tour: a county activity in the chapter, with visitors."""
    initial = {}
    chapter = Lokallag.objects.lokallag().filter(slug=request.GET.get("lokallag", "")).first()
    if chapter:
        initial = {"lokallag": chapter.pk, "sted": chapter.kommune}
    form = ReiserundeForm(
        request.POST if request.method == "POST" else None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            aktivitet = services.reiserunde_planlegg(
                lokallag=data["lokallag"],
                dato=data["dato"],
                starttid=data["starttid"],
                sted=data["sted"],
                tittel=data["tittel"],
                besokende=data["besokende"],
                rolle=data["rolle"],
                bruker=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Besøket i %(lag)s %(dato)s er lagt inn.")
                % {"lag": data["lokallag"].navn, "dato": f"{aktivitet.dato:%d.%m.%Y}"},
            )
            return redirect("aktiviteter:visits")
    return render(request, "lokallag/oppfolging/reiserunde_form.html", {"form": form})


def _visitable(request: HttpRequest, pk: int):
    """The activity (visible to the user) that visits are recorded on: an object-level 404;
    the views that call it are guarded by ``follow_up_required``."""
    return get_object_or_404(
        activities().visible_to(request.user).select_related("enhet", "vertslag"), pk=pk
    )


@follow_up_required
def visit_add(request: HttpRequest, pk: int) -> HttpResponse:
    aktivitet = _visitable(request, pk)
    form = BesokForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            besok = services.besok_legg_til(
                aktivitet=aktivitet,
                medlem=form.cleaned_data["medlem"],
                rolle=form.cleaned_data["rolle"],
                bruker=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(navn)s er ført opp som besøk fra fylket.") % {"navn": besok.medlem}
            )
            return redirect(aktivitet)
    return render(
        request, "lokallag/oppfolging/besok_form.html", {"aktivitet": aktivitet, "form": form}
    )


@require_POST
@follow_up_required
def visit_delete(request: HttpRequest, pk: int, besok: int) -> HttpResponse:
    aktivitet = _visitable(request, pk)
    row = get_object_or_404(Besok.objects.filter(aktivitet=aktivitet), pk=besok)
    services.besok_fjern(besok=row, bruker=request.user, ip=client_ip(request))
    messages.success(request, _("Besøket er fjernet."))
    return redirect(aktivitet)


@activity_access_required
def cohosts(request: HttpRequest, pk: int) -> HttpResponse:
    """The chapters of the district that host the activity together with its chapter."""
    aktivitet = get_object_or_404(
        activities().managed_by(request.user).select_related("enhet"), pk=pk
    )
    if aktivitet.enhet.er_fylkeslag or aktivitet.enhet.distrikt_id is None:
        raise Http404
    form = MedvertForm(request.POST if request.method == "POST" else None, aktivitet=aktivitet)
    if request.method == "POST" and form.is_valid():
        try:
            services.medverter_sett(
                aktivitet=aktivitet,
                lokallag=form.cleaned_data["lokallag"],
                bruker=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Medarrangørene er lagret."))
            return redirect(aktivitet)
    return render(
        request, "lokallag/oppfolging/medvert_form.html", {"aktivitet": aktivitet, "form": form}
    )


# --- Media appearances ---------------------------------------------------------------------

MEDIA_PAGE_SIZE = 50


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("aar", "")
    today = timezone.localdate()
    year = row_id(raw)
    return year if year is not None and 2000 <= year <= today.year + 1 else today.year


@require_GET
@activity_access_required
def media_list(request: HttpRequest) -> HttpResponse:
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
        "lokallag/oppfolging/medier_list.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 4, -1),
            "units": selectors.media_by_chapter(request.user, year),
            "types": Medietype.choices,
            "page": Paginator(appearances, MEDIA_PAGE_SIZE).get_page(request.GET.get("side")),
            "query": urlencode({"aar": year}),
            "editable": editable,
            "can_register": Lokallag.objects.managed_by(request.user).exists(),
        },
    )


def _media_form_page(request: HttpRequest, oppslag: Medieoppslag | None) -> HttpResponse:
    # The callers are guarded by ``activity_access_required``; an officer of inactive
    # chapters only has no unit to register for.
    units = Lokallag.objects.managed_by(request.user).aktive()
    if not units.exists():
        raise Http404
    form = MedieoppslagForm(
        request.POST if request.method == "POST" else None, units=units, instance=oppslag
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.medieoppslag_lagre(
                oppslag=form.instance, bruker=request.user, ip=client_ip(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("«%(tittel)s» er lagret.") % {"tittel": saved.tittel})
            return redirect(f"{reverse('aktiviteter:media_list')}?aar={saved.dato.year}")
    return render(
        request, "lokallag/oppfolging/medier_form.html", {"form": form, "oppslag": oppslag}
    )


@activity_access_required
def media_create(request: HttpRequest) -> HttpResponse:
    return _media_form_page(request, None)


@activity_access_required
def media_edit(request: HttpRequest, pk: int) -> HttpResponse:
    oppslag = get_object_or_404(Medieoppslag.objects.managed_by(request.user), pk=pk)
    return _media_form_page(request, oppslag)


@require_POST
@activity_access_required
def media_delete(request: HttpRequest, pk: int) -> HttpResponse:
    oppslag = get_object_or_404(Medieoppslag.objects.managed_by(request.user), pk=pk)
    services.medieoppslag_slett(oppslag=oppslag, bruker=request.user, ip=client_ip(request))
    messages.success(request, _("Oppslaget er slettet."))
    return redirect("aktiviteter:media_list")
