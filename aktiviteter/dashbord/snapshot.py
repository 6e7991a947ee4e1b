"""The dashboard's figures, computed once per change of the data and shared by every page.

Measuring every target reads the whole year of the party's activities, members and courses;
at national scale that takes seconds, far more than a page may. The figures only change when
the data does, so they are kept in the cache under a *data version*: every save or delete of
a model the dashboard reads (``WATCHED``), and every bulk write that bypasses the signals
(the callers call ``data_changed()`` themselves), makes a new version. A page serves the
figures of the current version (buskerud_sp.core.dataversion), computing them itself only
when nobody has yet; after each change the worker computes them ahead (``refresh``, queued by
``tasks.plan_refresh``), so pages stay fast while the data moves.

Correctness does not depend on the worker: a page never serves figures of an older version.
The version is read before the data, so figures computed from data older than a change are
stored under the version that change replaced, and never served afterwards.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.utils import translation

from aktiviteter.dashbord.scope import Scope
from buskerud_sp.core.dataversion import data_changed, data_version

PLANNED_KEY = "dashbord:planlagt"
SNAPSHOT_TTL = 60 * 60 * 24
# One decoded snapshot per process (the figures of several hundred chapters): no cache read
# and no unpickling on the pages that follow, as long as the data version holds.
_memo: dict[tuple[int, datetime.date, str], tuple[str, Scope, list]] = {}


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _key(aar: int, today: datetime.date, version: str, language: str | None = None) -> str:
    # The stored results hold text and SVG charts made with gettext, so they belong to the
    # language they were made in: a page in English must not get the Norwegian ones.
    language = language or _language()
    return f"dashbord:tall:{aar}:{today.isoformat()}:{language}:{version}"


def results(aar: int, today: datetime.date, compute) -> tuple[Scope, list]:
    """``compute(aar, today)``'s figures for the current data version, in the active
    language."""
    version = data_version()
    language = _language()
    memo = _memo.get((aar, today, language))
    if memo and memo[0] == version:
        return memo[1], memo[2]
    key = _key(aar, today, version, language)
    stored = cache.get(key)
    if stored is None:
        stored = compute(aar, today)
        cache.set(key, stored, timeout=SNAPSHOT_TTL)
    # Keep one snapshot per language of this year, day and version: the memory stays bounded.
    for stale in [k for k, v in _memo.items() if v[0] != version or k[:2] != (aar, today)]:
        del _memo[stale]
    _memo[(aar, today, language)] = (version, *stored)
    return stored


def refresh(aar: int, today: datetime.date, compute) -> bool:
    """Compute and store the figures of the current version, in every language the site
    serves, unless they are there already. Returns whether it computed."""
    cache.delete(PLANNED_KEY)
    version = data_version()
    computed = False
    for language, _name in settings.LANGUAGES:
        key = _key(aar, today, version, language)
        if cache.get(key) is not None:
            continue
        with translation.override(language):
            cache.set(key, compute(aar, today), timeout=SNAPSHOT_TTL)
        computed = True
    return computed


def _changed(**kwargs) -> None:
    if kwargs.get("raw"):  # fixtures being loaded
        return
    data_changed()


WATCHED = (
    "aktiviteter.Aktivitet",
    "aktiviteter.Deltakelse",
    "lokallag.Medvert",
    "aktiviteter.Studietiltak",
    "aktiviteter.Kursdeltaker",
    "aktiviteter.Oppmote",
    "aktiviteter.Maal",
    "aktiviteter.Datoplan",
    "aktiviteter.Datoplanpunkt",
    "lokallag.Distrikt",
    "lokallag.Lokallag",
    "lokallag.Verv",
    "medlemmer.Medlem",
)


def connect_signals() -> None:
    """Cache invalidation is what signals are for: every save and delete of a watched model,
    wherever it comes from (forms, the admin, the import, tests), makes a new version; after
    each committed change the worker computes the figures ahead (``tasks.plan_refresh``,
    registered with ``on_change`` beside this call)."""
    for label in WATCHED:
        watch(label)


def watch(label: str) -> None:
    """Make every save and delete of the model ``label`` a new data version. A higher slice
    whose rows a measurement reads (the annual meetings) calls this from
    ``AktiviteterConfig.ready``, as its source is registered there too."""
    model = apps.get_model(label)
    post_save.connect(_changed, sender=model, dispatch_uid=f"dashbord-save-{label}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"dashbord-delete-{label}")
