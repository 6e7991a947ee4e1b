from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from buskerud_sp.core import dataversion
from buskerud_sp.core.access import access_for
from buskerud_sp.core.audit import client_ip
from buskerud_sp.core.permissions import admin_required

from .forms import AvsluttVervForm, LokallagKontaktForm, VervForm
from .models import Lokallag, Verv
from .providers import election_results, waiting_for
from .selectors import (
    chapter_board,
    chapters_for_list,
    member_figures,
    recent_activities,
    vacant_key_offices,
)
from .services import lokallag_oppdater_kontakt, verv_avslutt, verv_opprett


def chapter_list(request: HttpRequest) -> HttpResponse:
    chapters = list(chapters_for_list(request.user))
    groups = [
        (district or _("Uten distrikt"), list(items))
        for district, items in groupby(chapters, key=lambda c: c.distrikt)
    ]
    county = Lokallag.objects.visible_to(request.user).fylkeslag().first()
    return render(
        request,
        "lokallag/lokallag_list.html",
        {"groups": groups, "chapter_count": len(chapters), "county": county},
    )


def chapter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    chapter = get_object_or_404(
        Lokallag.objects.visible_to(request.user).select_related("distrikt"), slug=slug
    )
    today = timezone.localdate()
    board = chapter_board(chapter, today)
    access = access_for(request.user)
    can_register = access.can_manage_unit(chapter.pk, is_county=chapter.er_fylkeslag)
    sees_activities = access.sees_all_chapters or access.is_officer
    # Read once, before the data: what the page keeps per data version is kept under it.
    version = dataversion.data_version()
    figures = dataversion.cached(
        "lokallag-medlemstall",
        (chapter.pk, today),
        lambda: member_figures(chapter, today),
        version=version,
    )
    recent = (
        dataversion.cached(
            "lokallag-siste-aktiviteter",
            (chapter.pk, access, today),
            lambda: list(recent_activities(request.user, chapter, today)),
            version=version,
        )
        if sees_activities
        else []
    )
    context = {
        "chapter": chapter,
        "board": board,
        "vacant": vacant_key_offices(chapter, board),
        **figures,
        "can_see_members": access.sees_all_members or chapter.pk in access.officer_chapter_ids,
        "can_edit": access.can_manage_chapter(chapter.pk),
        "can_manage_offices": access.is_admin,
        "year": today.year,
        "sees_activities": sees_activities,
        "can_register": can_register,
        "recent_activities": recent,
        # What the user must do here comes first: this is a leader's start page.
        "gjoremal": (
            waiting_for(request.user, chapter, request.path, version=version)
            if can_register
            else []
        ),
        "valgresultater": election_results(chapter, request.user),
    }
    return render(request, "lokallag/lokallag_detail.html", context)


def _chapter_for(request: HttpRequest, slug: str) -> Lokallag:
    return get_object_or_404(Lokallag.objects.visible_to(request.user), slug=slug)


def chapter_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Officers keep their chapter's contact address and social media up to date."""
    chapter = _chapter_for(request, slug)
    if not access_for(request.user).can_manage_chapter(chapter.pk):
        raise Http404
    form = LokallagKontaktForm(request.POST if request.method == "POST" else None, instance=chapter)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.changed_data}
        if data:
            lokallag_oppdater_kontakt(
                lokallag=chapter, data=data, av=request.user, ip=client_ip(request)
            )
            messages.success(request, _("Opplysningene er lagret."))
        return redirect(chapter)
    return render(request, "lokallag/lokallag_form.html", {"chapter": chapter, "form": form})


@admin_required
def office_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Admins register offices: an office gives access to member data, so only they may."""
    chapter = _chapter_for(request, slug)
    form = VervForm(request.POST if request.method == "POST" else None, enhet=chapter)
    if request.method == "POST" and form.is_valid():
        verv = verv_opprett(
            enhet=chapter, data=form.cleaned_data, av=request.user, ip=client_ip(request)
        )
        messages.success(
            request,
            _("%(navn)s er registrert som %(rolle)s.")
            % {"navn": verv.medlem.navn, "rolle": verv.get_rolle_display().lower()},
        )
        return redirect(chapter)
    return render(request, "lokallag/verv_form.html", {"chapter": chapter, "form": form})


@admin_required
def office_end(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    chapter = _chapter_for(request, slug)
    verv = get_object_or_404(Verv.objects.select_related("medlem"), enhet=chapter, pk=pk)
    form = AvsluttVervForm(request.POST if request.method == "POST" else None, verv=verv)
    if request.method == "POST" and form.is_valid():
        try:
            verv_avslutt(
                verv=verv,
                til_dato=form.cleaned_data["til_dato"],
                av=request.user,
                ip=client_ip(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vervet er avsluttet."))
            return redirect(chapter)
    return render(
        request, "lokallag/verv_avslutt.html", {"chapter": chapter, "verv": verv, "form": form}
    )
