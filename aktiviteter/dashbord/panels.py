"""Extra panels on the dashboards, from the slices above the dashboard.

A higher slice (the election results, the campaign plan) has something to show on the county's
dashboard or a chapter's, but the dashboard may not import it. It registers a provider from
``AktiviteterConfig.ready``; the dashboard asks every provider for its panel and includes the
panel's template with the panel's data. A provider returns None when it has nothing to show
(no election, no results, no municipality for the chapter)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    """A template and what it shows; the dashboard includes it ``with panel=<data>``."""

    template_name: str
    data: Any = None


# (plan year, today, the chapter or None for the county) -> a panel or None
Provider = Callable[[int, datetime.date, Any], Panel | None]
_providers: list[Provider] = []


def register_panel(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def panels_for(aar: int, today: datetime.date, lokallag=None) -> list[Panel]:
    return [p for p in (provider(aar, today, lokallag) for provider in _providers) if p]
