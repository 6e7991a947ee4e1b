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
