"""The cache: Redis, and the database while Redis does not answer.

A Redis outage must not take the portal down, nor switch off what lives in the cache:
allauth's login and password-reset rate limits and the record of used two-factor codes. A
cache that answered "miss" during an outage would let an attacker try passwords without a
limit, and would refuse every two-factor code (allauth marks a code used with ``cache.add``).
So every operation that Redis cannot answer goes to a second cache in the database, which all
web processes and workers share: rate limits and used codes stay enforced across processes.

After a failure, Redis is left alone for ``retry_seconds`` (a Redis that hangs instead of
refusing would otherwise cost a timeout per operation), then tried again. What was written
during the outage stays in the database cache; when Redis is back, counts start afresh there,
so an attacker gains at most one window's worth of tries per switch. Nothing else depends on
the switch: the data version the figures are keyed by lives in the database
(buskerud_sp.core.dataversion), so figures cached in either store are never served for newer data.

Django's own clients (kombu's pool for the broker) are not touched; jobs queued while the
broker is down are covered by the outbox pattern (see README, "Pålitelighet og sikkerhet").
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Per process and per Redis location: until when Redis is skipped (monotonic seconds). Django
# makes one cache object per thread; the outage is the same for all of them.
_skip_until: dict[str, float] = {}


class RedisWithFallbackCache(RedisCache):
    """``RedisCache``; an operation Redis cannot answer is done in the ``fallback`` cache.

    OPTIONS: ``fallback`` (the alias of the second cache, required), ``retry_seconds``
    (default 5); everything else goes to Redis' connection pool as with ``RedisCache``.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        self._fallback_alias = options.pop("fallback")
        self._retry_seconds = float(options.pop("retry_seconds", 5))
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = server if isinstance(server, str) else ",".join(server)

    @property
    def fallback(self) -> BaseCache:
        return caches[self._fallback_alias]

    def redis_available(self) -> bool:
        """Whether operations go to Redis now (False during an outage's pause)."""
        return time.monotonic() >= _skip_until.get(self._location, 0.0)

    def ping(self) -> bool:
        """Whether Redis itself answers now (for /helse/: the fallback hides an outage)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except RedisError:
            return False

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if self.redis_available():
            try:
                result = getattr(super(), method)(*args, **kwargs)
            except RedisError as exc:
                self._went_down(exc)
            else:
                if _skip_until.pop(self._location, None) is not None:
                    logger.warning("Redis cache answers again; back from the database cache")
                return result
        return getattr(self.fallback, method)(*args, **kwargs)

    def _went_down(self, exc: RedisError) -> None:
        # One warning per outage and process, not one per operation.
        if self._location not in _skip_until:
            logger.warning(
                "Redis cache not answering (%s); using the database cache, retrying every %g s",
                type(exc).__name__,
                self._retry_seconds,
            )
        _skip_until[self._location] = time.monotonic() + self._retry_seconds

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        # The store in use only: clearing the database cache needs the database, and what
        # an outage left there expires by itself (rate-limit counts within minutes).
        return self._call("clear")
