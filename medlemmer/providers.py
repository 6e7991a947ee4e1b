"""What medlemmer reads from the app above it, without importing it.

The layers are ``lokallag`` ← ``medlemmer`` ← ``aktiviteter``: aktiviteter imports medlemmer,
never the other way round. The member page still lists a member's latest activities, so
aktiviteter registers a provider here from its ``AppConfig.ready`` (dependency inversion).

- ``participations(medlem, user, *, all_of_them)``: the member's attendance rows
  (aktiviteter's ``Deltakelse``) with ``aktivitet`` and ``aktivitet__enhet`` selected, newest
  first: every one if ``all_of_them``, else those of activities ``user`` may see.
- ``open_invitations(medlem_id)``: the member's own open invitations to activities, for their
  own page: ``(title, when, current answer, url)`` with ``url`` where they answer.
- ``own_shifts(medlem_id)``: the member's own coming shifts on stands, for their own page:
  ``(title, day, time, url)`` with ``url`` where they see and give up their shifts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

_providers: dict[str, Callable[..., Any]] = {}


def register_participations(participations: Callable[..., QuerySet]) -> None:
    """Called by aktiviteter's ``AppConfig.ready``."""
    _providers["participations"] = participations


def participations(medlem, user, *, all_of_them: bool) -> QuerySet:
    try:
        provider = _providers["participations"]
    except KeyError:
        raise ImproperlyConfigured(
            "No provider for medlemmer.providers.participations: is aktiviteter installed?"
        ) from None
    return provider(medlem, user, all_of_them=all_of_them)


def register_open_invitations(open_invitations: Callable[[int], list]) -> None:
    """Called by aktiviteter's ``AppConfig.ready``."""
    _providers["open_invitations"] = open_invitations


def open_invitations(medlem_id: int) -> list:
    """The member's open invitations (none when no app provides them)."""
    provider = _providers.get("open_invitations")
    return provider(medlem_id) if provider else []


def register_own_shifts(own_shifts: Callable[[int], list]) -> None:
    """Called by aktiviteter's ``AppConfig.ready``."""
    _providers["own_shifts"] = own_shifts


def own_shifts(medlem_id: int) -> list:
    """The member's coming shifts (none when no app provides them)."""
    provider = _providers.get("own_shifts")
    return provider(medlem_id) if provider else []
