"""Extra panels on the dashboards, from the slices above (the campaign plan in election years,
the election results): each registers a function from ``AktiviteterConfig.ready``, since the
dashboard may not import a higher slice. A panel function takes ``(user, aar, today, lokallag)``
(the dashboard's year; ``lokallag`` None on the county's dashboard) and returns None (nothing
to show) or a dict with the template ``mal`` and what it renders, included as ``panel``."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

Panel = Callable[..., dict[str, Any] | None]
_paneler: list[Panel] = []


def registrer_panel(panel: Panel) -> None:
    if panel not in _paneler:
        _paneler.append(panel)


def paneler_for(user, aar: int, today: datetime.date, lokallag=None) -> list[dict[str, Any]]:
    """The panels to show on the dashboard of ``aar``, in registration order."""
    return [p for panel in _paneler if (p := panel(user, aar, today, lokallag)) is not None]
