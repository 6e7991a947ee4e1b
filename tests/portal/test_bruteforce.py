"""Brute force and account enumeration at login and password reset."""

import re

import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _strip_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_sixth_attempt_is_refused_also_when_x_forwarded_for_rotates(client, admin_user):
    for i in range(5):
        client.post(
            "/konto/login/",
            {"login": "admin@test.no", "password": f"feil-{i}"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",
        )
    response = client.post(
        "/konto/login/",
        {"login": "admin@test.no", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.77",
        HTTP_ACCEPT_LANGUAGE="nb",
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)
    print("\n6th attempt with a new X-Forwarded-For:", response.status_code, "refused")


def test_login_answers_alike_for_known_and_unknown_emails(client, admin_user):
    known = client.post("/konto/login/", {"login": "admin@test.no", "password": "feil-passord"})
    client.cookies.clear()
    unknown = client.post("/konto/login/", {"login": "ingen@test.no", "password": "feil-passord"})
    assert known.status_code == unknown.status_code == 200
    assert _strip_tokens(known.content.decode()).replace("admin@test.no", "X") == _strip_tokens(
        unknown.content.decode()
    ).replace("ingen@test.no", "X")


def test_password_reset_answers_alike_for_known_and_unknown_emails(client, admin_user):
    known = client.post("/konto/password/reset/", {"email": "admin@test.no"})
    unknown = client.post("/konto/password/reset/", {"email": "ingen@test.no"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]


def test_every_attempt_stopped_by_the_rate_limit_is_audited(client, admin_user):
    from buskerud_sp.core.models import AuditAction, AuditEntry

    for i in range(25):
        client.post("/konto/login/", {"login": "admin@test.no", "password": f"feil-{i}"})
    failed = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED)
    stopped = [e for e in failed if e.data.get("sperret")]
    # Five wrong passwords, then twenty attempts the rate limit stopped before any check.
    assert failed.count() == 25
    assert len(stopped) == 20
    assert {e.actor_label for e in stopped} == {"admin@test.no"}
    assert {e.ip for e in stopped} == {"127.0.0.1"}


def test_an_attacker_elsewhere_does_not_lock_the_owner_out(client, admin_user):
    attacker = {"REMOTE_ADDR": "203.0.113.66"}
    for i in range(20):
        client.post(
            "/konto/login/", {"login": "admin@test.no", "password": f"feil-{i}"}, **attacker
        )
    # The attacker stays stopped from his address, even with the right password ...
    client.post("/konto/login/", {"login": "admin@test.no", "password": PASSWORD}, **attacker)
    assert "_auth_user_id" not in client.session
    # ... while the owner logs in from hers.
    client.cookies.clear()
    response = client.post(
        "/konto/login/",
        {"login": "admin@test.no", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_every_refused_second_factor_code_is_audited(client, admin_user):
    import datetime

    import time_machine
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
    )

    from buskerud_sp.core.models import AuditAction, AuditEntry

    secret = generate_totp_secret()
    TOTP.activate(admin_user, secret)
    now = datetime.datetime(2026, 11, 30, 10, 0, 5, tzinfo=datetime.UTC)
    with time_machine.travel(now, tick=False):
        right = format_hotp_value(hotp_value(secret, int(now.timestamp()) // 30))
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        response = client.post("/konto/login/", {"login": "admin@test.no", "password": PASSWORD})
        assert response["Location"] == "/konto/2fa/authenticate/"
        for _ in range(25):
            client.post("/konto/2fa/authenticate/", {"code": wrong})
        # The rate limit now refuses even the right code.
        client.post("/konto/2fa/authenticate/", {"code": right})
    assert "_auth_user_id" not in client.session
    failed = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED, actor=admin_user)
    assert failed.count() == 26
    assert {e.data["steg"] for e in failed} == {"tofaktor"}
    assert sum(1 for e in failed if e.data.get("sperret")) == 21
