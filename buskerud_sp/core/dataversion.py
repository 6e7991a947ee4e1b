"""A version of the portal's register and activity data, for caches of figures computed from
it (the dashboard's). Every change makes a new version; a cache keyed by the version can never
serve figures computed before a change.

Saves and deletes of the watched models reach ``data_changed()`` through signals (registered
by the apps that cache); bulk writes that bypass the signals (the register import, the Tuesday
calls made ahead) call it themselves.

A change may say what it touched (``marks``: hashable values only the caches that read them
understand, e.g. «members of chapter 12»). Each committed version keeps, in the cache, the
version it replaced and the marks of its transaction (``change_of``), so a cache of figures
can update the figures of the version before instead of computing everything again. A change
without marks touched anything; so does a version whose record is gone (the cache flushed).
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Hashable, Iterable

from django.core.cache import cache
from django.db import transaction

from .models import DataVersion

logger = logging.getLogger(__name__)

_listeners: list[Callable[[], None]] = []
# The version a transaction that changed data sees of its own changes until it commits.
_PENDING_ATTR = "_bsp_pending_data_version"
# What the changes of the transaction (or of the autocommitted statement) touched; None: all.
_MARKS_ATTR = "_bsp_pending_marks"
CHANGE_TTL = 60 * 60 * 24


def data_version() -> str:
    """The current version: committed changes from the database row (one primary-key read;
    the cache may be down or flushed and must never hold the only copy), or, inside a
    transaction that changed data, a version of its own."""
    connection = transaction.get_connection()
    pending = getattr(connection, _PENDING_ATTR, None)
    if pending is not None and _after_commit_pending(connection):
        return pending
    version = DataVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    if version is None:
        DataVersion.objects.bulk_create(
            [DataVersion(pk=1, version=uuid.uuid4().hex)], ignore_conflicts=True
        )
        version = DataVersion.objects.values_list("version", flat=True).get(pk=1)
    return version


def _after_commit_pending(connection) -> bool:
    # A rolled-back transaction drops its callbacks: its pending version goes with them.
    return connection.in_atomic_block and any(
        func is _after_commit for _, func, _ in connection.run_on_commit
    )


def data_changed(marks: Iterable[Hashable] | None = None) -> None:
    """Inside a transaction, a new version for its own reads at once (other connections keep
    the committed version, whose figures are still true for them), and one committed version
    when it commits, however many rows it saved; then the listeners. Figures another request
    computes meanwhile from the data before the commit stay under the old version.

    ``marks`` say what the change touched (None: it cannot say, anything may have changed);
    the committed version keeps the marks of every change of its transaction."""
    connection = transaction.get_connection()
    pending = connection.in_atomic_block and _after_commit_pending(connection)
    if not pending:
        setattr(connection, _MARKS_ATTR, set())
    collected = getattr(connection, _MARKS_ATTR, None)
    if marks is None or collected is None:
        setattr(connection, _MARKS_ATTR, None)
    else:
        collected.update(marks)
    if connection.in_atomic_block:
        setattr(connection, _PENDING_ATTR, uuid.uuid4().hex)
        if pending:
            return
    # robust: a listener that fails (the broker down) is logged, the save stands.
    transaction.on_commit(_after_commit, robust=True)


def pending_marks() -> frozenset | None:
    """The marks of the changes the current transaction made so far (None: unattributable)."""
    marks = getattr(transaction.get_connection(), _MARKS_ATTR, None)
    return None if marks is None else frozenset(marks)


def _after_commit() -> None:
    connection = transaction.get_connection()
    marks = getattr(connection, _MARKS_ATTR, None)
    setattr(connection, _MARKS_ATTR, set())
    version = uuid.uuid4().hex
    with transaction.atomic():
        # The row locked: the version replaced is the one this commit follows, whatever
        # other connections commit at the same moment.
        previous = (
            DataVersion.objects.select_for_update()
            .filter(pk=1)
            .values_list("version", flat=True)
            .first()
        )
        if previous is None:
            DataVersion.objects.bulk_create(
                [DataVersion(pk=1, version=version)], ignore_conflicts=True
            )
        else:
            DataVersion.objects.filter(pk=1).update(version=version)
    if previous is not None:
        _record_change(version, previous, None if marks is None else frozenset(marks))
    for listener in _listeners:
        listener()


def _record_change(version: str, previous: str, marks: frozenset | None) -> None:
    try:
        cache.set(f"data:endring:{version}", (previous, marks), timeout=CHANGE_TTL)
    except Exception:
        logger.warning("The change record of data version %s was not kept", version)


def change_of(version: str) -> tuple[str, frozenset | None] | None:
    """The version ``version`` replaced and what its change touched (None: anything), or None
    when nothing is known about it (a transaction's own version, an expired record)."""
    return cache.get(f"data:endring:{version}")


def on_change(listener: Callable[[], None]) -> None:
    """Call ``listener`` after each committed change (e.g. to compute figures ahead)."""
    if listener not in _listeners:
        _listeners.append(listener)


def cached(
    name: str,
    parts: object,
    compute: Callable[[], object],
    timeout: int = 3600,
    *,
    version: str | None = None,
):
    """``compute()``, kept for the current data version: counts over the whole register or
    every activity are read once per change, not once per page. ``parts`` must hold
    everything the value depends on besides the data (whose access, which filters).

    ``version``: the ``data_version()`` the caller read before (one read for several values
    of one page; read before the data they are computed from)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"data:{name}:{version or data_version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=timeout)
    return value
