"""One decorator (function views) and one mixin (class views) per role check.

Outsiders get 404, never 403: a page someone may not use does not exist for them. The checks
read the request's ``Access`` (``buskerud_sp.core.access``); object-level checks stay in each
model's ``visible_to``/``managed_by``.

The decorators sit closest to the view function, below ``require_POST`` and the like, so that
a request is checked in the same order as when the guard was the view's first line.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest

from .access import Access, access_for

Check = Callable[[Access], bool]


def is_admin(access: Access) -> bool:
    return access.is_admin


def is_board_or_admin(access: Access) -> bool:
    """The county board and admins: everything about every chapter, read-only for the board."""
    return access.sees_all_chapters


def has_activity_access(access: Access) -> bool:
    """The activity pages: the board, admins and chapter officers."""
    return access.sees_all_chapters or access.is_officer


def is_officer(access: Access) -> bool:
    """A chapter officer (leader, secretary …) of at least one chapter."""
    return access.is_officer


def follows_up_chapters(access: Access) -> bool:
    """The county's follow-up of the chapters: the board and admins."""
    return access.follows_up_chapters


def ensure(user, check: Check) -> Access:
    """The guard inside a view or helper, where a decorator does not fit. Returns the access
    so that the caller reads it once."""
    access = access_for(user)
    if not check(access):
        raise Http404
    return access


def require(check: Check) -> Callable:
    """A decorator for function views: outsiders to ``check`` get 404."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            ensure(request.user, check)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


admin_required = require(is_admin)
board_or_admin_required = require(is_board_or_admin)
activity_access_required = require(has_activity_access)
officer_required = require(is_officer)
follow_up_required = require(follows_up_chapters)


class RoleRequiredMixin:
    """For class views: set ``role_check``; outsiders get 404 before the view runs."""

    role_check: Check

    def dispatch(self, request: HttpRequest, *args, **kwargs):
        ensure(request.user, type(self).role_check)
        # A mixin: the view class it is mixed into has dispatch(), this class alone does not,
        # which a type checker cannot see.
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class AdminRequiredMixin(RoleRequiredMixin):
    role_check = staticmethod(is_admin)


class BoardOrAdminRequiredMixin(RoleRequiredMixin):
    role_check = staticmethod(is_board_or_admin)


class ActivityAccessRequiredMixin(RoleRequiredMixin):
    role_check = staticmethod(has_activity_access)


class OfficerRequiredMixin(RoleRequiredMixin):
    role_check = staticmethod(is_officer)


class FollowUpRequiredMixin(RoleRequiredMixin):
    role_check = staticmethod(follows_up_chapters)
