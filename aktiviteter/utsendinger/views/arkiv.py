"""The archive: every message the user may see, newest first, with what it reached."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from aktiviteter.utsendinger.models import Utsending
from buskerud_sp.core.access import Access
from buskerud_sp.core.permissions import ensure

PAGE_SIZE = 25


def reaches_members(access: Access) -> bool:
    """Who writes to members: a chapter's officers (their chapter), the board and admins (the
    county). A plain member reaches nobody."""
    return access.sees_all_chapters or access.is_officer


def index(request: HttpRequest) -> HttpResponse:
    access = ensure(request.user, reaches_members)
    messages = (
        Utsending.objects.visible_to(request.user)
        .select_related("avsender", "aktivitet")
        .order_by("-opprettet", "-pk")
    )
    page = Paginator(messages, PAGE_SIZE).get_page(request.GET.get("side"))
    return render(
        request,
        "aktiviteter/utsendinger/arkiv.html",
        {"page": page, "access": access},
    )


urlpatterns = [path("", index, name="index")]
