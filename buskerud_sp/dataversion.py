"""A version of the portal's register and activity data, for caches of figures computed from
it (the dashboard's). Every change makes a new version; a cache keyed by the version can never
serve figures computed before a change.

Saves and deletes of the watched models reach ``data_changed()`` through signals (registered
by the apps that cache); bulk writes that bypass the signals (the register import, the Tuesday
calls made ahead) call it themselves.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "data:versjon"
_listeners: list[Callable[[], None]] = []


def data_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def data_changed() -> None:
    """A new version now (reads inside the same transaction see the change), another when the
    transaction commits (figures another request computed meanwhile, from the data before the
    commit, are left behind under the version in between), then the listeners."""
    _new_version()
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is _after_commit for _, func, _ in connection.run_on_commit
    ):
        return  # a transaction that saves a thousand rows makes one version at its commit
    transaction.on_commit(_after_commit, robust=True)


def _after_commit() -> None:
    _new_version()
    for listener in _listeners:
        listener()


def on_change(listener: Callable[[], None]) -> None:
    """Call ``listener`` after each committed change (e.g. to compute figures ahead)."""
    if listener not in _listeners:
        _listeners.append(listener)


def cached(name: str, parts: object, compute: Callable[[], object], timeout: int = 3600):
    """``compute()``, kept for the current data version: counts over the whole register or
    every activity are read once per change, not once per page. ``parts`` must hold
    everything the value depends on besides the data (whose access, which filters)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"data:{name}:{data_version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=timeout)
    return value
