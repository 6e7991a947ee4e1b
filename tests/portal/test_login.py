import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from tests.conftest import PASSWORD
from tests.factories import MedlemFactory
from tests.totp import add_totp, totp_code


@pytest.mark.django_db
def test_login_with_email_and_password(client, admin_user):
    response = client.post("/konto/login/", {"login": "admin@test.no", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_sixth_wrong_password_is_rate_limited(client, admin_user):
    for _ in range(5):
        response = client.post("/konto/login/", {"login": "admin@test.no", "password": "feil"})
        assert response.status_code == 200
    response = client.post("/konto/login/", {"login": "admin@test.no", "password": PASSWORD})
    # allauth refuses even the right password for a while after five failures.
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_password_reset_sends_a_norwegian_mail(client, admin_user, mailoutbox):
    response = client.post("/konto/password/reset/", {"email": "admin@test.no"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/konto/password/reset/key/" in mailoutbox[0].body


@pytest.mark.django_db
@override_settings(REQUIRE_MFA_FOR_STAFF=True)
def test_staff_without_mfa_are_sent_to_mfa_setup(client, board_user, leader_a):
    for user in (board_user, leader_a):
        client.force_login(user)
        response = client.get("/medlemmer/")
        assert response.status_code == 302
        assert response["Location"] == "/konto/2fa/totp/activate/"


@pytest.mark.django_db
@override_settings(REQUIRE_MFA_FOR_STAFF=True)
def test_staff_with_mfa_and_plain_members_pass(client, board_user, member_user):
    secret = add_totp(board_user)
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), tick=False):
        client.post("/konto/login/", {"login": "styre@test.no", "password": PASSWORD})
        client.post("/konto/2fa/authenticate/", {"code": totp_code(secret)})
        assert client.get("/medlemmer/").status_code == 200
    client.force_login(member_user)
    assert client.get("/").status_code == 302  # to the member's own page, not to MFA


@pytest.mark.django_db
@override_settings(REQUIRE_MFA_FOR_STAFF=True)
def test_officer_without_mfa_is_sent_to_setup_from_every_member_url(client, leader_a, org):
    """Walks every portal URL that shows member data, as the permission matrix names them."""
    from django.urls import reverse

    from tests.test_permissions import MATRIX

    medlem = MedlemFactory(lokallag=org.lag_a)
    client.force_login(leader_a)
    member_urls = [n for n in MATRIX if n.startswith(("medlemmer:", "lokallag:", "aktiviteter:"))]
    assert len(member_urls) > 10
    for name in member_urls:
        url = reverse(name, kwargs={"pk": medlem.pk}) if _takes_pk(name) else _simple(name, org)
        if url is None:
            continue
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"] == "/konto/2fa/totp/activate/", name


def _takes_pk(name):
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name, kwargs={"pk": 1})
        return True
    except NoReverseMatch:
        return False


def _simple(name, org):
    from django.urls import NoReverseMatch, reverse

    for kwargs in ({}, {"slug": org.lag_a.slug}):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None
