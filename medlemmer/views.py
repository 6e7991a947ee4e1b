from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from buskerud_sp.access import access_for
from lokallag.models import Lokallag, Verv

from .forms import MedlemFilterForm
from .models import Kjonn, Medlem
from .selectors import filtered_members

PAGE_SIZE = 50


def member_list(request: HttpRequest) -> HttpResponse:
    access = access_for(request.user)
    chapters = Lokallag.objects.visible_to(request.user).lokallag()
    if not access.sees_all_members:
        chapters = chapters.filter(pk__in=access.officer_chapter_ids)
    form = MedlemFilterForm(
        request.GET or None, chapters=chapters, show_district=access.sees_all_members
    )
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
