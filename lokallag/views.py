from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from buskerud_sp.access import access_for
from medlemmer.models import Medlem

from .models import Lokallag
from .selectors import chapter_board, chapters_for_list, recent_activities, vacant_key_offices


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
    members = Medlem.objects.filter(lokallag=chapter).aktive(today)
    access = access_for(request.user)
    context = {
        "chapter": chapter,
        "board": board,
        "vacant": vacant_key_offices(chapter, board),
        "member_count": members.count(),
        "new_this_year": members.innmeldt_i(today.year).count(),
        "women_count": members.filter(kjonn="K").count(),
        "can_see_members": access.sees_all_members or chapter.pk in access.officer_chapter_ids,
        "year": today.year,
        "sees_activities": access.sees_all_chapters or access.is_officer,
        "can_register": access.can_manage_unit(chapter.pk, is_county=chapter.er_fylkeslag),
        "recent_activities": recent_activities(request.user, chapter, today),
    }
    return render(request, "lokallag/lokallag_detail.html", context)
