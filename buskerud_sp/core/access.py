"""Who may see what: the one place that decides.

Access is resolved from the user's *current* offices (dates checked on every request), the
county-board offices and the admin flag. This module imports no app: the app that owns
members and offices registers its part of the resolution (``register``) when it is ready. Every model's ``visible_to(user)`` and every rule
predicate reads this; views never decide on their own.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

_CACHE_ATTR = "_bsp_access"

# An app's part of the resolution: given the user and today's date, the ``Access`` fields it
# decides (e.g. the member, the chapters where they hold an office, a county-board seat).
Contributor = Callable[[Any, datetime.date], Mapping[str, Any]]
_contributors: list[Contributor] = []


@dataclass(frozen=True)
class Access:
    user_id: int | None = None
    is_admin: bool = False
    is_board: bool = False
    # Django's admin opens for staff with model permissions (a group), not only for admins.
    is_staff: bool = False
    medlem_id: int | None = None
    member_chapter_id: int | None = None
    officer_chapter_ids: frozenset[int] = field(default_factory=frozenset)
    # The chapters whose election committee the user sits on (the annual meeting's offices up
    # for election and the committee's proposal; not the member register).
    committee_chapter_ids: frozenset[int] = field(default_factory=frozenset)
    # The units (the county, chapters) whose campaign committee (valgkamputvalg) the user sits
    # on: the election's campaign plan, not the member register.
    campaign_unit_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def sees_all_chapters(self) -> bool:
        return self.is_admin or self.is_board

    @property
    def sees_all_members(self) -> bool:
        return self.is_admin or self.is_board

    @property
    def is_officer(self) -> bool:
        return bool(self.officer_chapter_ids)

    @property
    def sees_others_member_data(self) -> bool:
        """Roles that see other people's member data in the portal."""
        return self.is_admin or self.is_board or self.is_officer

    @property
    def must_use_second_factor(self) -> bool:
        """Who must use two-factor login (with REQUIRE_MFA_FOR_STAFF): the roles that see
        other people's member data, and staff, whom a model permission lets read members in
        Django's admin."""
        return self.sees_others_member_data or self.is_staff

    @property
    def readable_chapter_ids(self) -> frozenset[int]:
        ids = set(self.officer_chapter_ids)
        if self.member_chapter_id:
            ids.add(self.member_chapter_id)
        return frozenset(ids)

    def can_read_chapter(self, chapter_id: int) -> bool:
        return self.sees_all_chapters or chapter_id in self.readable_chapter_ids

    def can_manage_chapter(self, chapter_id: int) -> bool:
        """Register and edit the chapter's activities."""
        return self.is_admin or chapter_id in self.officer_chapter_ids

    def member_edit_scope(self, medlem_id: int) -> str | None:
        """How much of a member this user may change: everything (admins), their own contact
        details and consent (the member themself), or nothing."""
        if self.is_admin:
            return "full"
        if self.medlem_id is not None and self.medlem_id == medlem_id:
            return "profile"
        return None

    @property
    def manages_county(self) -> bool:
        """Register and edit the county's own activities (board meetings, Tuesday calls, the
        chapter leaders' meetings)."""
        return self.is_admin or self.is_board

    def can_manage_unit(self, unit_id: int, *, is_county: bool) -> bool:
        """Register activities for a unit: a chapter's officers, the board for the county."""
        if is_county:
            return self.manages_county
        return self.can_manage_chapter(unit_id)

    @property
    def follows_up_chapters(self) -> bool:
        """The county board follows up the chapters: the contact log, visits, responsibility."""
        return self.is_admin or self.is_board

    def can_read_chapter_log(self, chapter_id: int) -> bool:
        """The contact log about a chapter: the board, admins and the chapter's officers."""
        return self.sees_all_chapters or chapter_id in self.officer_chapter_ids

    @property
    def role_label(self) -> str:
        if self.is_admin:
            return _("Administrator")
        if self.is_board:
            return _("Fylkesstyret")
        if self.is_officer:
            return _("Tillitsvalgt")
        if self.medlem_id:
            return _("Medlem")
        return ""


ANONYMOUS = Access()


def access_for(user) -> Access:
    """The access of this user, resolved once per request (the user object is per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    access = _resolve(user)
    setattr(user, _CACHE_ATTR, access)
    return access


def forget_access(user) -> None:
    """Drop the cached access, e.g. after an office changed within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def register(contributor: Contributor) -> None:
    """Add an app's part of the resolution. The app that owns members and offices registers
    in its ``AppConfig.ready``, so that this base layer imports no app."""
    if contributor not in _contributors:
        _contributors.append(contributor)


def _resolve(user) -> Access:
    fields: dict = {
        "user_id": user.pk,
        "is_admin": bool(user.is_superuser),
        "is_staff": bool(user.is_staff),
    }
    today = timezone.localdate()
    for contributor in _contributors:
        fields.update(contributor(user, today))
    return Access(**fields)
