"""Redis down (issue 14, item 6): the cache on a closed port. Every page still answers, every
registration is saved, and what lives in the cache (allauth's rate limits) stays enforced in
the database cache meanwhile. When Redis comes back, figures cached before the outage are not
served for the data changed during it (the data version lives in the database).

The process test (gunicorn and a worker, cache and broker both down) is in
tests/portal/test_redis_down_process.py."""

import datetime
import logging
import socket
import time

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet
from buskerud_sp.core.models import CacheEntry
from tests.conftest import PASSWORD
from tests.factories import AktivitetFactory
from tests.services import free_port, needs_redis_server, redis_process

pytestmark = pytest.mark.django_db


def redis_caches(port: int, **options) -> dict:
    """The cache settings that settings.py makes from REDIS_URL, on ``port``."""
    return {
        "default": {
            "BACKEND": "buskerud_sp.core.cache.RedisWithFallbackCache",
            "LOCATION": f"redis://127.0.0.1:{port}/1",
            "KEY_PREFIX": "bsp-test-redis-down",
            "OPTIONS": {
                "fallback": "fallback",
                "socket_connect_timeout": 1,
                "socket_timeout": 1,
                **options,
            },
        },
        "fallback": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "buskerud_sp_cache",
            "KEY_PREFIX": "bsp-test-redis-down",
        },
    }


@pytest.fixture
def redis_down():
    with override_settings(CACHES=redis_caches(free_port())):
        yield


def activity_form(unit, title: str) -> dict:
    return {
        "type": "styremote",
        "enhet": unit.pk,
        "tittel": title,
        "dato": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "starttid": "19:00",
        "sluttid": "21:00",
        "status": "avholdt",
        "sted": "Bibliotekets møterom",
        "beskrivelse": "",
    }


def test_login_and_every_page_answer_with_redis_down(client, redis_down, admin_user, org):
    AktivitetFactory(enhet=org.lag_a)
    response = client.post("/konto/login/", {"login": admin_user.email, "password": PASSWORD})
    assert response.status_code == 302
    for url in ("/", "/medlemmer/", "/aktiviteter/", "/dashbord/", "/lokallag/"):
        assert client.get(url).status_code == 200, url
    client.logout()
    assert client.post("/konto/password/reset/", {"email": admin_user.email}).status_code == 302


def test_an_activity_registered_with_redis_down_is_saved_and_listed(
    client, redis_down, leader_a, org
):
    client.force_login(leader_a)
    response = client.post("/aktiviteter/ny/", activity_form(org.lag_a, "Styremøte uten Redis"))
    assert response.status_code == 302
    assert Aktivitet.objects.filter(tittel="Styremøte uten Redis").count() == 1
    listing = client.get("/aktiviteter/")
    assert "Styremøte uten Redis" in listing.content.decode()


def test_the_login_rate_limit_holds_with_redis_down(client, redis_down, admin_user):
    for _ in range(5):
        response = client.post("/konto/login/", {"login": admin_user.email, "password": "feil"})
        assert response.status_code == 200
    response = client.post("/konto/login/", {"login": admin_user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session  # refused, as with Redis up
    assert CacheEntry.objects.filter(cache_key__contains="allauth").exists()


def test_a_used_two_factor_code_stays_used_with_redis_down(redis_down):
    # allauth marks a TOTP code used with cache.add: a cache that only missed would refuse
    # every code (add never succeeding) or, answering True, let a code be replayed.
    key = "allauth.mfa.totp.used?user=1&code=123456"
    assert cache.add(key, "y", timeout=90) is True
    assert cache.add(key, "y", timeout=90) is False


def test_a_redis_that_hangs_costs_one_timeout_then_is_left_alone(caplog):
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        caches = redis_caches(port, retry_seconds=30, socket_timeout=0.5)
        with override_settings(CACHES=caches), caplog.at_level(logging.WARNING):
            started = time.monotonic()
            assert cache.get("noe", "standard") == "standard"
            first = time.monotonic() - started
            started = time.monotonic()
            for _ in range(20):
                cache.get("noe")
            rest = time.monotonic() - started
    assert first < 2
    assert rest < 0.5  # straight to the database cache during the pause
    warnings = [r for r in caplog.records if r.name == "buskerud_sp.core.cache"]
    assert len(warnings) == 1  # one per outage, not one per operation


def test_health_names_the_cache_when_redis_is_down(client, redis_down):
    body = client.get("/helse/").json()
    assert body["database"] == "ok"
    assert body["cache"] == "feil: Redis svarer ikke (databasecachen brukes)"


@needs_redis_server
@pytest.mark.django_db(transaction=True)
def test_changes_made_while_redis_was_down_show_when_it_is_back(client, leader_a, org, tmp_path):
    port = free_port()
    AktivitetFactory(enhet=org.lag_a, tittel="Før utfallet")
    with override_settings(CACHES=redis_caches(port, retry_seconds=0)):
        client.force_login(leader_a)
        with redis_process(port, tmp_path):
            before = client.get("/aktiviteter/").context["totals"]["antall"]
        # Redis is away: the registration is saved, the list counts it.
        response = client.post("/aktiviteter/ny/", activity_form(org.lag_a, "Under utfallet"))
        assert response.status_code == 302
        assert client.get("/aktiviteter/").context["totals"]["antall"] == before + 1
        # Redis is back with what it held before the outage: no figures from then are served.
        with redis_process(port, tmp_path):
            after = client.get("/aktiviteter/")
    assert after.context["totals"]["antall"] == before + 1
    assert "Under utfallet" in after.content.decode()
