"""The dashboard's figures, computed once per change of the data and shared by every page.

Measuring every target reads the whole year of the party's activities, members and courses;
at national scale that takes seconds, far more than a page may. The figures only change when
the data does, so they are kept in the cache under a *data version*: every save or delete of
a model the dashboard reads (``WATCHED``), and every bulk write that bypasses the signals
(the callers call ``data_changed()`` themselves), makes a new version.

A change says what it touched (``endringer``), and the version keeps the version it replaced
with those marks (``dataversion.change_of``). The figures of a new version are therefore the
previous version's with only the touched targets, and of those only the touched chapters'
parts, measured again (``figures.compute_figures``): a fraction of a second where measuring
everything takes seconds. After each change the worker does it ahead of the pages
(``refresh``, queued by ``tasks.plan_refresh``); a page that comes first does it itself for its
language when the changes since touched a few chapters, and measures everything only when
nothing can be updated (a change nobody can attribute, the first page of a day). Each
target's figures are kept on their own, so a version writes (and a process reads) only the
targets that changed.

Correctness does not depend on the worker: a page never serves figures of an older version.
The version is read before the data, so figures computed from data older than a change are
stored under the version that change replaced, and never served afterwards; an updated
target's parts are read after the version too, and the parts it keeps were not touched since.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from dataclasses import dataclass

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from aktiviteter.dashbord import endringer
from aktiviteter.dashbord.figures import Figures, compute_figures
from aktiviteter.dashbord.scope import Scope
from buskerud_sp.core.dataversion import change_of, data_version

logger = logging.getLogger(__name__)

PLANNED_KEY = "dashbord:planlagt"
SNAPSHOT_TTL = 60 * 60 * 24
# A target's figures outlive the versions that share them (an untouched target's are shared by
# every version until a change touches it); one missing is measured again.
BLOB_TTL = 2 * SNAPSHOT_TTL
# The shape of the kept parts (``sources``): a release that changes a part's shape changes this,
# so that its figures are never updated from parts kept in the old shape.
PARTS_FORMAT = "p2"
# How many versions back a page looks for figures to update: changes come one by one, and
# the worker keeps up with them; further back a page would measure too much itself.
CHAIN_LIMIT = 20
# A page updates the figures itself when the changes since touched at most this many
# chapters' parts; more is the worker's (the page measures in full only when nobody has).
PAGE_CHAPTER_LIMIT = 12
# The figures last used in this process per year, day and language, with their version: no
# cache read on the pages that follow as long as the version holds, and after a change only
# the targets it touched are read from the cache (or computed).
_memo: dict[tuple[int, datetime.date, str], tuple[str, Figures]] = {}
# The kept parts (a target's figures, the scope) this process holds, by blob id.
_blobs: dict[str, object] = {}


@dataclass
class Index:
    """What the cache keeps per version: which kept figures make up the dashboard."""

    order: list[int]
    targets: dict[int, str]
    scope: str
    recomputed: list


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _key(aar: int, today: datetime.date, version: str, language: str | None = None) -> str:
    # The stored results hold text and SVG charts made with gettext, so they belong to the
    # language they were made in: a page in English must not get the Norwegian ones.
    language = language or _language()
    return f"dashbord:tall:{PARTS_FORMAT}:{aar}:{today.isoformat()}:{language}:{version}"


def _blob_key(blob: str) -> str:
    return f"dashbord:del:{blob}"


def _remember(aar: int, today: datetime.date, language: str, version: str, figures: Figures):
    _memo[(aar, today, language)] = (version, figures)
    # Keep one set of figures per language of this year and day: the memory stays bounded.
    for stale in [k for k in _memo if k[:2] != (aar, today)]:
        del _memo[stale]
    used = set()
    for _version, kept in _memo.values():
        used.add(kept.scope_blob)
        used.update(t.blob for t in kept.targets.values())
    for blob in [b for b in _blobs if b not in used]:
        del _blobs[blob]


def _load(aar: int, today: datetime.date, key: str) -> Figures | None:
    """The figures kept under ``key``: the index, and the parts this process lacks."""
    index = cache.get(key)
    if not isinstance(index, Index):
        return None
    wanted = [index.scope, *index.targets.values()]
    missing = [blob for blob in wanted if blob not in _blobs]
    if missing:
        found = cache.get_many([_blob_key(blob) for blob in missing])
        for blob in missing:
            value = found.get(_blob_key(blob))
            if value is None:
                return None
            _blobs[blob] = value
    return Figures(
        aar=aar,
        today=today,
        scope=_blobs[index.scope],
        targets={pk: _blobs[blob] for pk, blob in index.targets.items()},
        order=list(index.order),
        scope_blob=index.scope,
        recomputed=index.recomputed,
    )


def _store(key: str, figures: Figures) -> None:
    """Keep the figures: the targets computed anew (and the scope, when new) each on their
    own, and the index of the version."""
    new = {}
    if figures.scope_blob is None:
        figures.scope_blob = uuid.uuid4().hex
        new[_blob_key(figures.scope_blob)] = figures.scope
    for target in figures.targets.values():
        if target.blob is None:
            target.blob = uuid.uuid4().hex
            new[_blob_key(target.blob)] = target
    for blob_key, value in new.items():
        _blobs[blob_key.removeprefix("dashbord:del:")] = value
    if new:
        cache.set_many(new, timeout=BLOB_TTL)
    index = Index(
        order=figures.order,
        targets={pk: t.blob for pk, t in figures.targets.items()},
        scope=figures.scope_blob,
        recomputed=figures.recomputed,
    )
    cache.set_many({key: index, _latest_key(key): key}, timeout=SNAPSHOT_TTL)


def _latest_key(key: str) -> str:
    # The key of the figures last kept for the year, day and language (any version).
    return key.rsplit(":", 1)[0].replace("dashbord:tall:", "dashbord:siste:", 1)


def _base(aar: int, today: datetime.date, version: str, language: str) -> Figures | None:
    memo = _memo.get((aar, today, language))
    if memo and memo[0] == version:
        return memo[1]
    return _load(aar, today, _key(aar, today, version, language))


def _update(
    aar: int,
    today: datetime.date,
    version: str,
    language: str,
    shared: dict,
    chapter_limit: int | None = None,
) -> Figures | None:
    """The figures of ``version`` made from the figures of a version before it and what the
    changes since touched, or None when there are none to start from (or a change touched
    anything, or more than ``chapter_limit`` chapters)."""
    marks: set = set()
    current = version
    for _step in range(CHAIN_LIMIT):
        change = change_of(current)
        if change is None or change[1] is None:
            return None
        previous, touched = change
        marks |= touched
        base = _base(aar, today, previous, language)
        if base is not None:
            if chapter_limit is not None:
                chapters = {chapter for _aspect, chapter, _year in marks}
                if None in chapters or len(chapters) > chapter_limit:
                    return None
            return compute_figures(aar, today, base, frozenset(marks), shared)
        current = previous
    return None


def figures_for(
    aar: int,
    today: datetime.date,
    *,
    version: str | None = None,
    by_page: bool = False,
    shared: dict | None = None,
) -> Figures:
    """The figures of the current data version (``version``, read before any figure) in the
    active language: kept, or updated from a version before, or (when nothing can be
    updated) measured in full."""
    version = version or data_version()
    language = _language()
    key = _key(aar, today, version, language)
    figures = _base(aar, today, version, language)
    if figures is None:
        shared = {} if shared is None else shared
        figures = _update(
            aar, today, version, language, shared, PAGE_CHAPTER_LIMIT if by_page else None
        )
        if figures is None:
            figures = compute_figures(aar, today, shared=shared)
        _store(key, figures)
    _remember(aar, today, language, version, figures)
    return figures


def _earlier(
    aar: int, today: datetime.date, version: str, language: str
) -> tuple[str, Figures] | None:
    """The figures last kept before ``version``, when the change to it is committed and a
    page could only compute the new figures in full (a change nobody can attribute, or one
    that touched many chapters): the page shows these, says that the figures are being
    updated, and the worker computes the new ones. None when the version's change is not
    known (a transaction's own changes, an expired record): then the page computes."""
    change = change_of(version)
    if change is None:
        return None
    key = cache.get(_latest_key(_key(aar, today, version, language)))
    if not key or key == _key(aar, today, version, language):
        return None
    figures = _load(aar, today, key)
    return None if figures is None else (key.rsplit(":", 1)[1], figures)


def plan_refresh() -> None:
    """Queue the worker's refresh (``tasks.refresh_dashboard``), at most one waiting: the task
    clears the mark when it starts, so changes made while it computes plan another. Run after
    each committed change of the data (``AktiviteterConfig.ready`` registers it with
    ``on_change``, whose ``on_commit(robust=True)`` logs a broker that is down) and by a page
    that shows the figures from before a change. The task is sent by name: this module is
    below the tasks module."""
    if cache.add(PLANNED_KEY, 1, timeout=60):
        # At once: the figures are updated from the version before (what the change touched),
        # a fraction of a second; a burst of changes still makes one refresh at a time.
        try:
            current_app.send_task("aktiviteter.tasks.refresh_dashboard")
        except Exception:  # the broker down costs speed only: the next page or beat computes
            cache.delete(PLANNED_KEY)
            logger.warning("Dashboard refresh not queued (broker unavailable)", exc_info=True)


def current(aar: int, today: datetime.date, version: str | None = None) -> tuple[Scope, list, str]:
    """The figures of the current data version in the active language, and "" — or the
    version of the figures before it, shown for a moment while the worker updates them
    («Tallene oppdateres …»; only after a committed change that cannot be updated in a
    fraction of a second). ``version``: the current data version, when the caller has read
    it already (the key of what a page keeps rendered)."""
    version = version or data_version()
    language = _language()
    memo = _memo.get((aar, today, language))
    if memo and memo[0] == version:
        return memo[1].scope, memo[1].results, ""
    figures = _base(aar, today, version, language)
    if figures is None:
        shared: dict = {}
        figures = _update(aar, today, version, language, shared, PAGE_CHAPTER_LIMIT)
        if figures is None:
            earlier = _earlier(aar, today, version, language)
            if earlier is not None:
                plan_refresh()
                return earlier[1].scope, earlier[1].results, earlier[0]
            figures = compute_figures(aar, today, shared=shared)
        _store(_key(aar, today, version, language), figures)
    _remember(aar, today, language, version, figures)
    return figures.scope, figures.results, ""


def results(aar: int, today: datetime.date) -> tuple[Scope, list]:
    """The figures of the current data version, in the active language (``current``)."""
    scope, results_, _updating = current(aar, today)
    return scope, results_


def ready(aar: int, today: datetime.date, version: str, language: str) -> bool:
    """Whether the figures of ``version`` are kept (the index; its parts are kept longer)."""
    return isinstance(cache.get(_key(aar, today, version, language)), Index)


def refresh(aar: int, today: datetime.date) -> bool:
    """Compute and store the figures of the current version, in every language the site
    serves, unless they are there already: updated from the figures before when the changes
    since say what they touched. Returns whether it computed."""
    cache.delete(PLANNED_KEY)
    version = data_version()
    computed = False
    shared: dict = {}
    for language, _name in settings.LANGUAGES:
        if ready(aar, today, version, language):
            continue
        with translation.override(language):
            figures_for(aar, today, version=version, shared=shared)
        computed = True
    return computed


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
    """Make every save and delete of the model ``label`` a new data version, which says what
    it touched (``endringer``). A higher slice whose rows a measurement reads (the annual
    meetings) calls this from ``AktiviteterConfig.ready``, as its source is registered there
    too."""
    endringer.watch(label)
