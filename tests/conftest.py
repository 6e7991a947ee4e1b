"""Shared fixtures: the personas (an admin, a board member, the leaders of chapters A and B, a
plain member) on a small organisation built with factories, plus real service helpers."""

import contextlib
import datetime
import os
import shutil
from dataclasses import dataclass

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, transaction
from django.template.base import PartialTemplate, Template
from django.test.utils import _TestState
from django.utils import timezone

from lokallag.models import Rolle

from .demo import load_demo
from .factories import (
    DistriktFactory,
    FylkeslagFactory,
    LokallagFactory,
    MedlemFactory,
    UserFactory,
    VervFactory,
)

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM use there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "riktig-passord-123"
DEMO_PASSWORD = "demo-passord-2024"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--pin-clock",
        default=os.environ.get("PIN_CLOCK", ""),
        help="Run every test with the clock set to this instant (ISO 8601, Oslo time unless "
        "an offset is given), ticking: the suite must be green at any hour. Also PIN_CLOCK.",
    )


@contextlib.contextmanager
def pinned_clock(config: pytest.Config):
    """The clock at --pin-clock's instant (ticking), or the real clock without it."""
    when = config.getoption("--pin-clock")
    if not when:
        yield
        return
    instant = datetime.datetime.fromisoformat(when)
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=timezone.get_default_timezone())
    with time_machine.travel(instant, tick=True):
        yield


@pytest.fixture(autouse=True)
def _pinned_clock(request: pytest.FixtureRequest):
    """With --pin-clock, every test starts at that instant; a test that pins its own clock
    travels again inside it. Tests that start processes (celery_worker) pin those themselves."""
    with pinned_clock(request.config):
        yield


# Modules whose tests take 10 s and more (processes, simulated months of ticks, thousands of
# requests): run first, so that pytest-xdist's workers do not wait on one of them at the end.
LONG_MODULES = (
    "tests/test_access_crawl.py",
    "tests/test_hostile_input.py",
    "tests/aktiviteter/test_two_beats.py",
    "tests/aktiviteter/test_rhythm.py",
    "tests/aktiviteter/test_rhythm_pause.py",
    "tests/aktiviteter/test_reminder_worker.py",
    "tests/portal/test_broker_down.py",
    "tests/portal/test_redis_down_process.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        # A worker process reads and writes the cache the test looks at.
        if item.get_closest_marker("celery_worker"):
            item.add_marker(pytest.mark.shared_cache)
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in LONG_MODULES)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database; before it drops it at the end of the run, end the
    sessions on it that this run's threads or child processes still hold (on PostgreSQL).
    A connection of a live-server request thread or of a process a test started can outlive
    its test by a moment, and DROP DATABASE then fails with "being accessed by other users",
    turning a green run red at the very end."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )


@pytest.fixture(autouse=True)
def _clear_cache(request: pytest.FixtureRequest):
    """allauth's rate-limit counters live in the cache; they must not leak between tests.
    The cache is the runner's memory, or, for a test marked ``shared_cache`` (it starts
    processes that use the cache too), the real one that they share (settings_test)."""
    if request.node.get_closest_marker("shared_cache"):
        request.getfixturevalue("settings").CACHES = django_settings.SHARED_CACHES
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _audit_anchor_file(settings, tmp_path):
    """Each test its own anchor file: anchors of another test's chain would not match."""
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.log"


@dataclass
class Org:
    distrikt_a: object
    distrikt_b: object
    fylke: object
    lag_a: object
    lag_b: object


def build_org() -> Org:
    distrikt_a = DistriktFactory(navn="Drammensregionen", slug="drammensregionen")
    distrikt_b = DistriktFactory(navn="Hallingdal", slug="hallingdal")
    return Org(
        distrikt_a=distrikt_a,
        distrikt_b=distrikt_b,
        fylke=FylkeslagFactory(),
        lag_a=LokallagFactory(navn="Drammen Senterparti", slug="drammen", distrikt=distrikt_a),
        lag_b=LokallagFactory(navn="Gol Senterparti", slug="gol", distrikt=distrikt_b),
    )


def _person(email: str, chapter, **medlem_fields):
    user = UserFactory(email=email)
    medlem = MedlemFactory(epost=email, lokallag=chapter, bruker=user, **medlem_fields)
    return user, medlem


def build_admin_user(org: Org):
    return UserFactory(email="admin@test.no", is_staff=True, is_superuser=True)


def build_board_user(org: Org):
    user, medlem = _person("styre@test.no", org.lag_b, fornavn="Berit", etternavn="Styremo")
    VervFactory(medlem=medlem, enhet=org.fylke, rolle=Rolle.FYLKESSTYREMEDLEM)
    return user


def build_leader_a(org: Org):
    user, medlem = _person("leder.a@test.no", org.lag_a, fornavn="Dag", etternavn="Drammensen")
    VervFactory(medlem=medlem, enhet=org.lag_a, rolle=Rolle.LEDER)
    return user


def build_leader_b(org: Org):
    user, medlem = _person("leder.b@test.no", org.lag_b, fornavn="Guri", etternavn="Golsen")
    VervFactory(medlem=medlem, enhet=org.lag_b, rolle=Rolle.LEDER)
    return user


def build_member_user(org: Org):
    user, _ = _person("medlem@test.no", org.lag_a, fornavn="Mona", etternavn="Medlemsen")
    return user


def build_personas(org: Org) -> dict:
    """The five personas, in the order the fixtures below make them."""
    return {
        "admin": build_admin_user(org),
        "board": build_board_user(org),
        "leader_a": build_leader_a(org),
        "leader_b": build_leader_b(org),
        "member": build_member_user(org),
    }


@pytest.fixture
def org(db) -> Org:
    return build_org()


@pytest.fixture
def admin_user(org):
    return build_admin_user(org)


@pytest.fixture
def board_user(org):
    return build_board_user(org)


@pytest.fixture
def leader_a(org):
    return build_leader_a(org)


@pytest.fixture
def leader_b(org):
    return build_leader_b(org)


@pytest.fixture
def member_user(org):
    return build_member_user(org)


@pytest.fixture
def personas(admin_user, board_user, leader_a, leader_b, member_user):
    return {
        "admin": admin_user,
        "board": board_user,
        "leader_a": leader_a,
        "leader_b": leader_b,
        "member": member_user,
    }


@contextlib.contextmanager
def module_transaction(django_db_blocker):
    """Rows shared by the tests of one module: made once inside a transaction that is rolled
    back after the module, while each test runs (and is rolled back) in a savepoint inside it,
    as with ``setUpTestData``. For tests that only read the shared rows or whose changes are
    rolled back with them; not for ``transaction=True`` tests or tests that start processes
    (they would not see the uncommitted rows)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def uninstrumented_templates(monkeypatch):
    """Templates render as outside tests: without the test runner's signal and copy of the
    context per template rendered (``response.context``/``templates`` stay empty). For tests
    that send thousands of requests and read only the status and the content."""
    saved = _TestState.saved_data
    monkeypatch.setattr(Template, "_render", saved.template_render)
    monkeypatch.setattr(PartialTemplate, "_render", saved.partial_template_render)


@pytest.fixture
def demo_org(db) -> dict[str, int]:
    """The demo organisation (``load_all`` with the demo password): loaded by the real loader
    once per session, copied in row for row for each later test (tests/demo.py)."""
    return load_demo(password=DEMO_PASSWORD)


def chromium_path() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    )


def login_reauthenticated(client, email: str) -> None:
    """Log in with the password and confirm it again, as exports and erasure demand."""
    client.logout()
    assert client.post("/konto/login/", {"login": email, "password": PASSWORD}).status_code == 302
    assert client.post("/konto/reauthenticate/", {"password": PASSWORD}).status_code == 302
