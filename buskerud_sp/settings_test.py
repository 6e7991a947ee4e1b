"""Test settings: the real settings, with a broker folder and cache of their own and a fast
password hasher. Services (DATABASE_URL, REDIS_URL) come from the environment as always.

The test runner's own process keeps its cache in memory; the processes a test starts (a
Celery worker, beat, gunicorn) and the tests marked ``shared_cache`` that talk to them use the
real one (Redis, or files without REDIS_URL): ``SHARED_CACHES``.

Under pytest-xdist each worker (gw0, gw1, …) has its own broker folder, cache folder, anchor
file and Redis databases (the ones configured, moved up by two per worker), so that one
worker's Celery processes never take another's tasks and a cache flush stays in its worker;
pytest-django gives each worker its own test database. The processes a test starts inherit
the variables set here and so land in the same worker's broker and cache.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

_VAR = Path(__file__).resolve().parent.parent / "var"
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_SUFFIX = f"-{_WORKER}" if _WORKER else ""
# Files of a run (and of each xdist worker: the controller's defaults are not inherited).
_FILES = {
    "CELERY_FILESYSTEM_DIR": "test-broker",
    "CACHE_DIR": "test-cache",
    "AUDIT_ANCHOR_FILE": "test-audit-anchors.log",
}


def _redis_db(url: str, shift: int = 0, db: int | None = None) -> str:
    """``url`` with database ``db`` (default: its own), moved up by ``shift``."""
    parts = urlsplit(url)
    own = int(parts.path.strip("/") or 0) if db is None else db
    return urlunsplit(parts._replace(path=f"/{own + shift}"))


if _WORKER.startswith("gw") and os.environ.get("BSP_TEST_WORKER") != _WORKER:
    # Once per worker: the processes a test starts inherit the moved URLs and this mark.
    os.environ["BSP_TEST_WORKER"] = _WORKER
    for _name, _file in _FILES.items():
        if os.environ.get(_name) == str(_VAR / _file):
            del os.environ[_name]
    _shift = 2 * int(_WORKER[2:])
    if os.environ.get("REDIS_URL"):
        # settings.py puts the cache in database 1 of REDIS_URL's server unless told.
        os.environ.setdefault("CACHE_URL", _redis_db(os.environ["REDIS_URL"], db=1))
        os.environ["REDIS_URL"] = _redis_db(os.environ["REDIS_URL"], _shift)
    if os.environ.get("CACHE_URL"):
        os.environ["CACHE_URL"] = _redis_db(os.environ["CACHE_URL"], _shift)

# The test runner is the first process of its worker to load these settings; the processes
# it starts inherit this variable and so know that they are not the runner.
_RUNNER = f"{_WORKER}:{os.getpid()}"
if os.environ.get("BSP_TEST_RUNNER", "-").split(":")[0] != _WORKER:
    os.environ["BSP_TEST_RUNNER"] = _RUNNER
os.environ.setdefault("CELERY_FILESYSTEM_DIR", str(_VAR / f"test-broker{_SUFFIX}"))
os.environ.setdefault("CACHE_DIR", str(_VAR / f"test-cache{_SUFFIX}"))
os.environ.setdefault("CACHE_KEY_PREFIX", "bsp-test")
if "AUDIT_ANCHOR_FILE" not in os.environ:
    # A fresh test database each run: last run's anchors would not match it. Worker processes
    # a test starts inherit the variable and so keep this run's file.
    _anchors = _VAR / f"test-audit-anchors{_SUFFIX}.log"
    _anchors.unlink(missing_ok=True)
    os.environ["AUDIT_ANCHOR_FILE"] = str(_anchors)

from .settings import *  # noqa: E402, F403

# MD5 makes the tests' hashes (fast); the real hashers after it still check and upgrade.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405

SHARED_CACHES = CACHES  # noqa: F405
if os.environ["BSP_TEST_RUNNER"] == _RUNNER:
    # The test runner itself, not a process it started: nothing else reads its cache.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sent SMS are kept in ``buskerud_sp.core.sms.outbox``.
SMS_BACKEND = "buskerud_sp.core.sms.LocmemBackend"
