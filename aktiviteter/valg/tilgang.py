"""Who the election pages are for, and which chapters a user reads and plans for. The goals'
own rows are scoped by ``ValgkampmaalQuerySet.visible_to``/``editable_by``; this says the same
for the chapters (a chapter without goals yet is still one the committee plans for)."""

from __future__ import annotations

from buskerud_sp.core.access import Access, access_for
from lokallag.models import Lokallag


def county_id() -> int | None:
    return Lokallag.objects.fylkeslag().values_list("pk", flat=True).first()


def handles_valg(access: Access) -> bool:
    """The election pages: the board, admins, the chapters' officers and the campaign
    committees (the county's and the chapters')."""
    return access.sees_all_chapters or access.is_officer or bool(access.campaign_unit_ids)


def _sees_every_chapter(access: Access) -> bool:
    if access.sees_all_chapters:
        return True
    return bool(access.campaign_unit_ids) and county_id() in access.campaign_unit_ids


def _plans_every_chapter(access: Access) -> bool:
    if access.is_admin:
        return True
    return bool(access.campaign_unit_ids) and county_id() in access.campaign_unit_ids


def synlige_lag(user):
    """The chapters whose campaign plan the user reads: every chapter for the board, admins
    and the county's campaign committee; otherwise the chapters where they hold an office or
    sit on the campaign committee."""
    access = access_for(user)
    chapters = Lokallag.objects.lokallag().aktive()
    if _sees_every_chapter(access):
        return chapters
    return chapters.filter(pk__in=access.officer_chapter_ids | access.campaign_unit_ids)


def planlegbare_lag(user):
    """The chapters the user sets goals for: admins and the county's campaign committee every
    chapter, a chapter's campaign committee its own."""
    access = access_for(user)
    chapters = Lokallag.objects.lokallag().aktive()
    if _plans_every_chapter(access):
        return chapters
    return chapters.filter(pk__in=access.campaign_unit_ids)


def kan_planlegge(user) -> bool:
    return planlegbare_lag(user).exists()


def kan_rapportere(user, lokallag_id: int) -> bool:
    """Reporting the chapter's social-media posts: its officers, its campaign committee (and
    the county's) and admins."""
    access = access_for(user)
    if access.is_admin or lokallag_id in access.officer_chapter_ids:
        return True
    return planlegbare_lag(user).filter(pk=lokallag_id).exists()
