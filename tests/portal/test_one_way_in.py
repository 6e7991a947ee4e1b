"""One way in for the whole site: Django's admin logs in through the portal's login (its rate
limit and its second factor), and a session that did not pass the second factor reaches no
page with member data when the user has one or must have one."""

import datetime

import pytest
import time_machine
from django.test import override_settings

from tests.conftest import PASSWORD
from tests.factories import MedlemFactory
from tests.totp import PERIOD, add_totp, has_totp, totp_code

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_admin_login_page_sends_to_the_portal_login(client, admin_user):
    response = client.get("/admin/login/?next=/admin/buskerud_sp/user/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=%2Fadmin%2Fbuskerud_sp%2Fuser%2F"


def test_admin_login_page_keeps_no_foreign_next(client, admin_user):
    response = client.get("/admin/login/?next=https://angriper.example/")
    assert response["Location"] == "/konto/login/?next=%2Fadmin%2F"


def test_admin_index_sends_an_anonymous_visitor_to_the_portal_login(client, admin_user):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/konto/login/?next=")
    assert "next=%2Fadmin%2F" in response.redirect_chain[-1][0]


def test_a_logged_in_non_admin_gets_404_from_the_admin_not_a_redirect_loop(client, member_user):
    client.force_login(member_user)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 404
    assert len(response.redirect_chain) == 1


def test_admin_login_form_never_checks_a_password(client, admin_user):
    response = client.post("/admin/login/", {"username": "admin@test.no", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")
    assert not _logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_the_admin_way_in_has_the_portal_rate_limit(client, admin_user):
    """20 wrong passwords at the admin's login: none is checked there, and the portal login
    it leads to stops the account after five."""
    for i in range(20):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "admin@test.no", "password": f"feil-{i}"}
        )
        assert response["Location"] == "/konto/login/?next=%2Fadmin%2F"
    login_url = response["Location"]
    for i in range(5):
        client.post(login_url, {"login": "admin@test.no", "password": f"feil-{i}"})
    response = client.post(login_url, {"login": "admin@test.no", "password": PASSWORD})
    assert not _logged_in(client)
    assert client.get("/admin/").status_code == 302


def test_admin_with_totp_passes_the_second_factor_on_the_way_to_admin(client, admin_user, clock):
    secret = add_totp(admin_user)
    response = client.get("/admin/login/?next=/admin/")
    response = client.post(response["Location"], {"login": "admin@test.no", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/2fa/authenticate/")
    assert not _logged_in(client)
    assert client.get("/admin/").status_code == 302
    assert client.get("/medlemmer/").status_code == 302

    response = client.post("/konto/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/medlemmer/").status_code == 200


@pytest.mark.parametrize("settings_require", [False, True])
def test_a_password_only_session_of_a_user_with_totp_reaches_no_member_page(
    client, org, admin_user, clock, settings_require
):
    """The session was opened without the second factor (force_login records no "mfa" step),
    as the admin's old login did. The user has TOTP: every page with member data sends them
    to pass it, whatever REQUIRE_MFA_FOR_STAFF says."""
    medlem = MedlemFactory(lokallag=org.lag_a)
    secret = add_totp(admin_user)
    client.force_login(admin_user)
    urls = ["/medlemmer/", f"/medlemmer/{medlem.pk}/", "/revisjon/", "/admin/", "/"]
    with override_settings(REQUIRE_MFA_FOR_STAFF=settings_require):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/konto/2fa/reauthenticate/?next="), url
        admin_changelist = f"/admin/medlemmer/medlem/{medlem.pk}/change/"
        assert client.get(admin_changelist).status_code == 302

        response = client.post(
            "/konto/2fa/reauthenticate/?next=/revisjon/", {"code": totp_code(secret)}
        )
        assert response.status_code == 302
        assert response["Location"] == "/revisjon/"
        for url in [*urls[:-1], admin_changelist]:
            assert client.get(url).status_code == 200, url


def test_a_wrong_code_does_not_open_the_session(client, org, admin_user, clock):
    secret = add_totp(admin_user)
    client.force_login(admin_user)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    response = client.post("/konto/2fa/reauthenticate/?next=/revisjon/", {"code": wrong})
    assert response.status_code == 200
    assert client.get("/revisjon/").status_code == 302


@override_settings(REQUIRE_MFA_FOR_STAFF=True)
def test_staff_who_just_set_up_totp_confirm_a_code_before_member_pages(
    client, org, board_user, clock
):
    """Setting up TOTP in a password-only session proves the code once; the session passes
    the second factor with the next code, without logging out."""
    client.force_login(board_user)
    assert client.get("/medlemmer/")["Location"] == "/konto/2fa/totp/activate/"
    secret = add_totp(board_user)
    response = client.get("/medlemmer/")
    assert response["Location"].startswith("/konto/2fa/reauthenticate/")
    clock.shift(PERIOD)
    client.post("/konto/2fa/reauthenticate/", {"code": totp_code(secret)})
    assert client.get("/medlemmer/").status_code == 200


def test_a_plain_member_without_a_second_factor_is_not_stopped(client, member_user):
    client.force_login(member_user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/medlemmer/")


def test_guessing_codes_at_the_second_factor_step_is_rate_limited(client, org, admin_user, clock):
    secret = add_totp(admin_user)
    client.force_login(admin_user)
    right = totp_code(secret)
    wrong = [f"{(int(right) + i) % 1_000_000:06d}" for i in range(1, 6)]
    for code in wrong:
        client.post("/konto/2fa/reauthenticate/?next=/revisjon/", {"code": code})
    client.post("/konto/2fa/reauthenticate/?next=/revisjon/", {"code": right})
    assert client.get("/revisjon/").status_code == 302


FACTOR_PAGES = [
    "/konto/2fa/",
    "/konto/2fa/totp/deactivate/",
    "/konto/2fa/recovery-codes/",
    "/konto/2fa/recovery-codes/generate/",
    "/konto/2fa/webauthn/add/",
    "/konto/email/",
    "/konto/password/change/",
    "/konto/sessions/",
]


def test_a_password_only_session_cannot_remove_or_bypass_the_factor_under_konto(
    client, org, admin_user, clock
):
    """/konto/ was exempt as a whole: confirming the password there and then deactivating
    TOTP (or making new recovery codes, or changing the login address) turned a password-only
    session into one that reaches every member page."""
    secret = add_totp(admin_user)
    client.force_login(admin_user)
    assert client.post("/konto/reauthenticate/", {"password": PASSWORD}).status_code == 302
    for url in FACTOR_PAGES:
        for response in (client.get(url), client.post(url, {"email": "ny@angriper.example"})):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/konto/2fa/reauthenticate/?next="), url
    assert has_totp(admin_user)
    assert not admin_user.emailaddress_set.filter(email="ny@angriper.example").exists()
    assert client.get("/medlemmer/").status_code == 302

    # The steps that pass the factor, and logging out, stay open.
    assert client.get("/konto/2fa/reauthenticate/").status_code == 200
    client.post("/konto/2fa/reauthenticate/", {"code": totp_code(secret)})
    assert client.get("/konto/2fa/").status_code == 200
    assert client.post("/konto/logout/").status_code == 302
    assert not _logged_in(client)


@override_settings(REQUIRE_MFA_FOR_STAFF=True)
def test_staff_who_must_set_up_a_factor_reach_only_the_set_up_pages(client, org, board_user):
    client.force_login(board_user)
    for url in ["/konto/email/", "/konto/password/change/", "/konto/sessions/"]:
        assert client.get(url)["Location"] == "/konto/2fa/totp/activate/", url
    assert client.get("/konto/2fa/").status_code == 200
    assert client.post("/konto/reauthenticate/", {"password": PASSWORD}).status_code == 302
    assert client.get("/konto/2fa/totp/activate/").status_code == 200


@pytest.mark.parametrize(
    "next_url", ["https://angriper.example/", "//angriper.example/", "/\\angriper.example/"]
)
def test_passing_the_factor_never_sends_to_another_host(client, org, admin_user, clock, next_url):
    secret = add_totp(admin_user)
    client.force_login(admin_user)
    response = client.post(
        f"/konto/2fa/reauthenticate/?next={next_url}", {"code": totp_code(secret)}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/") and not response["Location"].startswith(
        ("//", "/\\")
    )
    assert client.get("/revisjon/").status_code == 200


@override_settings(REQUIRE_MFA_FOR_STAFF=True)
def test_staff_with_admin_permissions_on_members_must_set_up_a_factor(client, org):
    """Django's admin opens for is_staff with model permissions, not only for superusers: such
    a user saw the admin's member list with the password alone."""
    from django.contrib.auth.models import Permission

    from tests.factories import UserFactory

    MedlemFactory(lokallag=org.lag_a, fornavn="Sigrid", etternavn="Stab")
    staff = UserFactory(email="stab@test.no", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_medlem"))
    client.force_login(staff)
    response = client.get("/admin/medlemmer/medlem/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/totp/activate/"
