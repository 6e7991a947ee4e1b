"""The follow-up pages: the board member's chapters, the county overview, a chapter's log,
logging a contact, and marking a follow-up done. Views parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aktiviteter.forms import PeriodeForm
from aktiviteter.oversikter import town_and_village as split
from buskerud_sp.core.access import access_for
from buskerud_sp.core.permissions import ensure, follow_up_required

from ..models import Lokallag
from . import selectors, services
from .forms import LokallagOppfolgingForm, OppfolgingForm
from .models import Oppfolging

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
        entry = services.oppfolging_registrer(oppfolging=form.instance, av=request.user)
        messages.success(
            request, _("Kontakten med %(lag)s er logget.") % {"lag": entry.lokallag.navn}
        )
        return redirect("oppfolging:chapter", slug=entry.lokallag.slug)
    return render(request, "lokallag/oppfolging/form.html", {"form": form, "entry": None})


def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        Oppfolging.objects.editable_by(request.user).select_related("lokallag"), pk=pk
    )
    form = OppfolgingForm(
        request.POST if request.method == "POST" else None, user=request.user, instance=entry
    )
    if request.method == "POST" and form.is_valid():
        services.oppfolging_endre(oppfolging=form.instance, av=request.user)
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
    services.oppfolging_utfort(oppfolging=entry, av=request.user)
    messages.success(request, _("Oppfølgingen er merket som utført."))
    target = request.POST.get("neste", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(entry)


@require_GET
@follow_up_required
def town_and_village(request: HttpRequest) -> HttpResponse:
    """Campaign activity, visits and recruitment split by town and village (this year unless
    a period is chosen)."""
    today = timezone.localdate()
    form = PeriodeForm(request.GET or None)
    start, end = form.period((today.replace(month=1, day=1), today))
    shares, total = split(request.user, start, end, today)
    return render(
        request,
        "lokallag/oppfolging/by_og_bygd.html",
        {"form": form, "shares": shares, "total": total, "start": start, "end": end},
    )
