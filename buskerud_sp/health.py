"""Real checks of the services the portal depends on, for /helse/."""

from django.core.cache import caches
from django.db import connection

from .celery import app
from .core.cache import RedisWithFallbackCache

TIMEOUT_SECONDS = 2.0


def check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is a failed check, reported by its class name
        return f"feil: {type(exc).__name__}"
    return "ok"


def check_broker() -> str:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
    except Exception as exc:
        return f"feil: {type(exc).__name__}"
    return "ok"


def check_worker() -> str:
    try:
        replies = app.control.ping(timeout=TIMEOUT_SECONDS)
    except Exception as exc:
        return f"feil: {type(exc).__name__}"
    return "ok" if replies else "feil: ingen worker svarte"


def check_cache() -> str:
    """Redis, when the cache is on Redis. The portal goes on without it (the database cache
    takes over), so only this check tells the operators."""
    backend = caches["default"]
    if isinstance(backend, RedisWithFallbackCache) and not backend.ping():
        return "feil: Redis svarer ikke (databasecachen brukes)"
    return "ok"


def run_checks() -> dict[str, str]:
    result = {"database": check_database(), "cache": check_cache(), "broker": check_broker()}
    result["worker"] = check_worker() if result["broker"] == "ok" else "feil: broker nede"
    return result
