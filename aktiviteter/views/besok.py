"""Visits from the county on an activity, the county's visits per chapter this half-year,
the chapter tour, and an activity's co-hosts."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from buskerud_sp.core.access import access_for
from lokallag.models import Lokallag

from .. import services
from ..forms import BesokForm, MedvertForm, ReiserundeForm
from ..models import Aktivitet, Besok
from ..oversikter import halvaar, visits_by_chapter


def require_county(user) -> None:
    if not access_for(user).follows_up_chapters:
        raise Http404


def _half_year(request: HttpRequest) -> tuple[datetime.date, datetime.date]:
    """``?halvaar=2026-2`` or the current half-year."""
    try:
        year, half = (int(p) for p in request.GET.get("halvaar", "").split("-"))
        if half not in (1, 2) or not 2000 <= year <= 2100:
            raise ValueError
        return halvaar(datetime.date(year, 1 if half == 1 else 7, 1))
    except ValueError:
        return halvaar(timezone.localdate())


@require_GET
def visit_overview(request: HttpRequest) -> HttpResponse:
    require_county(request.user)
    today = timezone.localdate()
    start, end = _half_year(request)
    rows = visits_by_chapter(request.user, start, end, today)
    previous = halvaar(start - datetime.timedelta(days=1))[0]
    following = halvaar(end + datetime.timedelta(days=1))[0]
    return render(
        request,
        "aktiviteter/besok_oversikt.html",
        {
            "rows": rows,
            "start": start,
            "end": end,
            "visited": sum(1 for r in rows if r.visited),
            "planned": sum(1 for r in rows if r.planned and not r.visited),
            "previous": f"{previous.year}-{1 if previous.month == 1 else 2}",
            "following": f"{following.year}-{1 if following.month == 1 else 2}",
        },
    )


def tour_plan(request: HttpRequest) -> HttpResponse:
    """Plan one stop of the chapter tour: a county activity in the chapter, with visitors."""
    require_county(request.user)
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
    return render(request, "aktiviteter/reiserunde_form.html", {"form": form})


def _visitable(request: HttpRequest, pk: int) -> Aktivitet:
    require_county(request.user)
    return get_object_or_404(
        Aktivitet.objects.visible_to(request.user).select_related("enhet", "vertslag"), pk=pk
    )


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
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(navn)s er ført opp som besøk fra fylket.") % {"navn": besok.medlem}
            )
            return redirect(aktivitet)
    return render(request, "aktiviteter/besok_form.html", {"aktivitet": aktivitet, "form": form})


@require_POST
def visit_delete(request: HttpRequest, pk: int, besok: int) -> HttpResponse:
    aktivitet = _visitable(request, pk)
    row = get_object_or_404(Besok.objects.filter(aktivitet=aktivitet), pk=besok)
    services.besok_fjern(besok=row, bruker=request.user)
    messages.success(request, _("Besøket er fjernet."))
    return redirect(aktivitet)


def cohosts(request: HttpRequest, pk: int) -> HttpResponse:
    """The chapters of the district that host the activity together with its chapter."""
    aktivitet = get_object_or_404(
        Aktivitet.objects.managed_by(request.user).select_related("enhet"), pk=pk
    )
    if aktivitet.enhet.er_fylkeslag or aktivitet.enhet.distrikt_id is None:
        raise Http404
    form = MedvertForm(request.POST if request.method == "POST" else None, aktivitet=aktivitet)
    if request.method == "POST" and form.is_valid():
        try:
            services.medverter_sett(
                aktivitet=aktivitet, lokallag=form.cleaned_data["lokallag"], bruker=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Medarrangørene er lagret."))
            return redirect(aktivitet)
    return render(request, "aktiviteter/medvert_form.html", {"aktivitet": aktivitet, "form": form})
