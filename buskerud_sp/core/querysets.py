"""One scoped queryset for ``visible_to(user)``/``managed_by(user)`` on the models that belong
to a unit (a chapter or the county) through one field.

``unit_field`` names that field (``"enhet"``, ``"arrangor"``, ``"lokallag"``; empty on the unit
model itself). ``county_lookup`` says, relative to the unit, what makes it the county's (the
unit app sets it, so that this base layer imports no app); without it ``managed_by`` gives
the county's rows only to admins.
"""

from __future__ import annotations

from typing import Any, Self

from django.db import models
from django.db.models import Q

from .access import Access, access_for


class ScopedQuerySet(models.QuerySet):
    unit_field: str = ""
    # The chapters whose rows a reader sees: ``Access.officer_chapter_ids`` (a chapter's
    # officers) or ``readable_chapter_ids`` (their own chapter's members too).
    visible_chapters: str = "officer_chapter_ids"
    county_lookup: tuple[str, Any] | None = None

    def _path(self, name: str) -> str:
        return f"{self.unit_field}__{name}" if self.unit_field else name

    def _unit_in(self, ids) -> Q:
        return Q(**{f"{self.unit_field}_id__in" if self.unit_field else "pk__in": ids})

    def visible_to(self, user) -> Self:
        """The board and admins see every row; a chapter's officers their chapters' rows."""
        access = access_for(user)
        if access.sees_all_chapters:
            return self
        ids = getattr(access, self.visible_chapters)
        return self.filter(self._unit_in(ids)) if ids else self.none()

    def managed_by(self, user) -> Self:
        """The rows the user registers and edits (see ``Access.can_manage_unit``)."""
        access = access_for(user)
        if access.is_admin:
            return self
        return self.filter(self.managed_q(access))

    def managed_q(self, access: Access) -> Q:
        q = self._unit_in(access.officer_chapter_ids)
        if access.manages_county and self.county_lookup is not None:
            lookup, value = self.county_lookup
            q |= Q(**{self._path(lookup): value})
        return q
