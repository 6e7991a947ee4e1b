"""The follow-up's pieces on pages other apps own: the board member's chapters and follow-ups
on the start page, and the contact log's latest entries on a chapter's page."""

from __future__ import annotations

from django import template
from django.utils import timezone

from buskerud_sp.core.access import access_for

from ..oppfolging import selectors

register = template.Library()


@register.inclusion_tag("lokallag/oppfolging/_mine_lokallag.html", takes_context=True)
def mine_lokallag(context) -> dict:
    """The start page: the chapters the board member follows up, with warnings, and the open
    follow-ups the user owns (a board member or a chapter officer)."""
    request = context["request"]
    access = access_for(request.user)
    today = timezone.localdate()
    is_board = access.follows_up_chapters
    return {
        "request": request,
        "is_board": is_board,
        "chapters": selectors.my_chapters(request.user, today) if is_board else [],
        "follow_ups": list(selectors.open_follow_ups_for(request.user)),
        "today": today,
    }


@register.inclusion_tag("lokallag/oppfolging/_lokallag_logg.html", takes_context=True)
def lokallag_oppfolging(context, chapter) -> dict:
    """A chapter's page: the latest contacts and open follow-ups, for those who read its log."""
    request = context["request"]
    access = access_for(request.user)
    if chapter.er_fylkeslag or not access.can_read_chapter_log(chapter.pk):
        return {"show": False}
    entries = selectors.log_entries(request.user).filter(lokallag=chapter)
    return {
        "show": True,
        "chapter": chapter,
        "latest": list(entries[:3]),
        "open_follow_ups": list(entries.apne().order_by("frist", "pk")),
        "today": timezone.localdate(),
        "follows_up": access.follows_up_chapters,
    }
