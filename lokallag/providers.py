"""What lokallag reads from the apps above it, without importing them.

The layers are ``lokallag`` ← ``medlemmer`` ← ``aktiviteter``: the higher apps import lokallag,
never the other way round. The chapter pages and the follow-up still show members and
activities, so the app that owns those registers a provider here from its
``AppConfig.ready`` (dependency inversion), and lokallag asks through it.

What lokallag may rely on is written down here:

- ``members()``: every member, as medlemmer's ``MedlemQuerySet``; lokallag chains
  ``aktive(dato)`` and ``visible_to(user)`` on it.
- ``activities()``: every activity, as aktiviteter's ``AktivitetQuerySet``; lokallag chains
  ``visible_to``, ``managed_by``, ``for_lokallag``, ``for_lokallag_in``,
  ``newest_for_lokallag``, ``ikke_avlyste``, ``valgkamp`` and ``lokalmedia`` on it.
- ``new_tour_stop(...)``: an unsaved county activity of the chapter tour («reiserunde»), held
  out in a chapter.
- ``waiting_for(user, lokallag, neste)``: what waits for ``user`` to act in the chapter (a
  Tuesday call's count, a session's attendance, an activity not marked held), as a list of
  items with ``kind``, ``aktivitet`` and ``url``, rendered by ``templates/_gjoremal.html``;
  with ``version`` (``dataversion.data_version()``, read first), what depends on the data,
  the access and the day only may be kept for that version.
- ``cycle_warnings(chapter_ids, today)``: the follow-up pages' warnings about the chapters'
  cycles (the annual meeting's, the campaign plan's), as ``{chapter id: [(text, url), …]}``
  for the chapters behind (a few queries per registered cycle whatever the number of
  chapters). Each cycle registers its own; their warnings are joined in registration order.
- ``election_results(lokallag, user)``: the chapter's municipality's latest election results
  for the chapter page, or None; the object names its own template (``template_name``),
  which the page includes with it as ``valgresultater``. None when nothing is registered.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet

_providers: dict[str, Callable[..., Any]] = {}
_cycle_warnings: list[Callable[..., dict]] = []


def register_members(*, members: Callable[[], QuerySet]) -> None:
    """Called by medlemmer's ``AppConfig.ready``."""
    _providers["members"] = members


def register_activities(
    *, activities: Callable[[], QuerySet], new_tour_stop: Callable[..., Model]
) -> None:
    """Called by aktiviteter's ``AppConfig.ready``."""
    _providers["activities"] = activities
    _providers["new_tour_stop"] = new_tour_stop


def register_waiting_for(*, waiting_for: Callable[..., list]) -> None:
    """Called by aktiviteter's ``AppConfig.ready``."""
    _providers["waiting_for"] = waiting_for


def register_cycle_warnings(*, cycle_warnings: Callable[..., dict]) -> None:
    """Called by aktiviteter's ``AppConfig.ready`` (the annual meeting cycle, the campaign
    plan): one provider per cycle."""
    if cycle_warnings not in _cycle_warnings:
        _cycle_warnings.append(cycle_warnings)


def register_election_results(*, election_results: Callable[..., Any]) -> None:
    """Called by aktiviteter's ``AppConfig.ready`` (the election results)."""
    _providers["election_results"] = election_results


def _provider(name: str) -> Callable[..., Any]:
    try:
        return _providers[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"No provider for lokallag.providers.{name}: is the app that owns it installed?"
        ) from None


def members() -> QuerySet:
    return _provider("members")()


def activities() -> QuerySet:
    return _provider("activities")()


def new_tour_stop(
    *,
    lokallag: Model,
    dato: datetime.date,
    starttid: datetime.time | None,
    sted: str,
    tittel: str,
    registrert_av: Any,
) -> Model:
    return _provider("new_tour_stop")(
        lokallag=lokallag,
        dato=dato,
        starttid=starttid,
        sted=sted,
        tittel=tittel,
        registrert_av=registrert_av,
    )


def waiting_for(user: Any, lokallag: Model, neste: str, version: str | None = None) -> list:
    return _provider("waiting_for")(user, lokallag=lokallag, neste=neste, version=version)


def cycle_warnings(chapter_ids: list[int], today: datetime.date) -> dict[int, list[tuple]]:
    if not _cycle_warnings:
        raise ImproperlyConfigured(
            "No provider for lokallag.providers.cycle_warnings: is the app that owns it installed?"
        )
    joined: dict[int, list[tuple]] = {}
    for provider in _cycle_warnings:
        for chapter_id, warnings in provider(chapter_ids, today).items():
            joined.setdefault(chapter_id, []).extend(warnings)
    return joined


def election_results(lokallag: Model, user: Any) -> Any:
    provider = _providers.get("election_results")
    return provider(lokallag, user) if provider is not None else None
