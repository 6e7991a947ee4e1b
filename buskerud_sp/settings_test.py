"""Test settings: the real settings, with a broker folder and cache of their own and a fast
password hasher. Services (DATABASE_URL, REDIS_URL) come from the environment as always."""

import os
from pathlib import Path

_VAR = Path(__file__).resolve().parent.parent / "var"
os.environ.setdefault("CELERY_FILESYSTEM_DIR", str(_VAR / "test-broker"))
os.environ.setdefault("CACHE_DIR", str(_VAR / "test-cache"))
os.environ.setdefault("CACHE_KEY_PREFIX", "bsp-test")
if "AUDIT_ANCHOR_FILE" not in os.environ:
    # A fresh test database each run: last run's anchors would not match it. Worker processes
    # a test starts inherit the variable and so keep this run's file.
    _anchors = _VAR / "test-audit-anchors.log"
    _anchors.unlink(missing_ok=True)
    os.environ["AUDIT_ANCHOR_FILE"] = str(_anchors)

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
