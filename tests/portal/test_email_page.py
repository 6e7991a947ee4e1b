"""The e-mail account page: opening it changes nothing, nobody claims another account's
address, a new address counts only after its verification link, and an address logs in
only as the account whose login address it is."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client, override_settings

from tests.conftest import PASSWORD, login_reauthenticated
from tests.factories import UserFactory
from tests.totp import has_totp

pytestmark = pytest.mark.django_db

MEMBER_PASSWORD = "medlemmets-eget-passord-42"


@pytest.fixture
def member(member_user):
    member_user.set_password(MEMBER_PASSWORD)
    member_user.save()
    return member_user


def _logged_in_as(client):
    return client.session.get("_auth_user_id")


def _add(client, email: str):
    return client.post("/konto/email/", {"email": email, "action_add": ""})


def test_opening_the_email_page_creates_nothing(client, member):
    client.force_login(member)
    response = client.get("/konto/email/")
    assert response.status_code == 200
    assert EmailAddress.objects.count() == 0
    assert "medlem@test.no" in response.content.decode()


@override_settings(REQUIRE_MFA_FOR_STAFF=True)
def test_staff_who_open_the_email_page_can_still_set_up_totp(client, board_user):
    login_reauthenticated(client, "styre@test.no")
    client.get("/konto/email/")
    assert client.get("/konto/2fa/totp/activate/").status_code == 200


@override_settings(REQUIRE_MFA_FOR_STAFF=True)
def test_a_pending_change_does_not_keep_staff_from_totp(client, board_user, mailoutbox):
    # Staff reach /konto/email/ only after setting up their factor; a change asked for
    # before REQUIRE_MFA_FOR_STAFF was turned on may still be pending.
    EmailAddress.objects.create(user=board_user, email="nytt.styre@test.no", verified=False)
    login_reauthenticated(client, "styre@test.no")
    assert _add(client, "annet.styre@test.no")["Location"] == "/konto/2fa/totp/activate/"
    assert client.get("/konto/2fa/totp/activate/").status_code == 200
    assert not has_totp(board_user)


@pytest.mark.parametrize("claimed", ["admin@test.no", "Admin@Test.NO", " ADMIN@test.no "])
def test_another_accounts_address_is_refused_with_a_norwegian_message(
    client, member, admin_user, mailoutbox, claimed
):
    client.force_login(member)
    response = _add(client, claimed)
    assert response.status_code == 200
    assert "E-postadressen brukes av en annen bruker" in response.content.decode()
    assert not EmailAddress.objects.filter(email__iexact="admin@test.no").exists()
    assert mailoutbox == []


def test_an_address_waiting_for_another_accounts_verification_is_refused(client, member, leader_a):
    EmailAddress.objects.create(user=leader_a, email="ventende@test.no", verified=False)
    client.force_login(member)
    response = _add(client, "Ventende@test.no")
    assert "E-postadressen brukes av en annen bruker" in response.content.decode()
    assert not EmailAddress.objects.filter(user=member).exists()


def test_set_as_primary_on_another_accounts_address_is_no_500_and_changes_nothing(
    client, member, admin_user
):
    """A row left from before the fix: the member had added admin@ to her own list."""
    EmailAddress.objects.create(user=member, email="admin@test.no", verified=False)
    client.force_login(member)
    response = client.post("/konto/email/", {"email": "admin@test.no", "action_primary": ""})
    assert response.status_code == 302
    member.refresh_from_db()
    admin_user.refresh_from_db()
    assert member.email == "medlem@test.no"
    assert admin_user.email == "admin@test.no"
    assert list(EmailAddress.objects.values_list("user_id", "email", "verified", "primary")) == [
        (member.pk, "admin@test.no", False, False)
    ]


def test_another_accounts_address_never_logs_in_with_ones_own_password(client, member, admin_user):
    EmailAddress.objects.create(user=member, email="admin@test.no", verified=False)
    response = client.post("/konto/login/", {"login": "admin@test.no", "password": MEMBER_PASSWORD})
    assert response.status_code == 200
    assert _logged_in_as(client) is None


def test_the_login_address_logs_in_in_any_letter_case(client, member):
    client.post("/konto/login/", {"login": "Medlem@Test.NO", "password": MEMBER_PASSWORD})
    assert _logged_in_as(client) == str(member.pk)


def _confirm_link(mail) -> str:
    return re.search(r"https?://[^/\s]+(/konto/confirm-email/[^/\s]+/)", mail.body).group(1)


def test_a_new_address_counts_only_after_its_verification_link(client, member, mailoutbox):
    client.force_login(member)
    assert _add(client, "Nytt.Medlem@test.no").status_code == 302
    assert [m.to for m in mailoutbox] == [["nytt.medlem@test.no"]]
    member.refresh_from_db()
    assert member.email == "medlem@test.no"

    other_browser = Client()
    other_browser.post(
        "/konto/login/", {"login": "nytt.medlem@test.no", "password": MEMBER_PASSWORD}
    )
    assert _logged_in_as(other_browser) is None

    response = client.post(_confirm_link(mailoutbox[0]))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "nytt.medlem@test.no"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", "primary")) == [
        ("nytt.medlem@test.no", True)
    ]
    client.logout()
    client.post("/konto/login/", {"login": "medlem@test.no", "password": MEMBER_PASSWORD})
    assert _logged_in_as(client) is None
    client.post("/konto/login/", {"login": "nytt.medlem@test.no", "password": MEMBER_PASSWORD})
    assert _logged_in_as(client) == str(member.pk)


def test_the_link_works_only_when_logged_in_as_the_account(client, member, mailoutbox):
    """Whoever owns a mistyped address gets the mail, but not the account's login."""
    client.force_login(member)
    _add(client, "skrivefeil@test.no")
    stranger = Client()
    response = stranger.post(_confirm_link(mailoutbox[0]), follow=True)
    assert response.status_code == 200
    assert "Logg inn med den gamle e-postadressen din" in response.content.decode()
    member.refresh_from_db()
    assert member.email == "medlem@test.no"
    assert not EmailAddress.objects.filter(email="skrivefeil@test.no", verified=True).exists()


def test_a_password_reset_to_a_pending_address_sends_no_reset_link(client, member, mailoutbox):
    client.force_login(member)
    _add(client, "skrivefeil@test.no")
    mailoutbox.clear()
    stranger = Client()
    response = stranger.post("/konto/password/reset/", {"email": "skrivefeil@test.no"})
    assert response.status_code == 302
    assert not any("/konto/password/reset/key/" in mail.body for mail in mailoutbox)
    stranger.post("/konto/password/reset/", {"email": "Medlem@test.no"})
    assert [m.to for m in mailoutbox if "/konto/password/reset/key/" in m.body] == [
        ["medlem@test.no"]
    ]


def test_a_change_can_be_cancelled(client, member, mailoutbox):
    client.force_login(member)
    _add(client, "nytt.medlem@test.no")
    response = client.post("/konto/email/", {"email": "nytt.medlem@test.no", "action_remove": ""})
    assert response.status_code == 302
    assert not EmailAddress.objects.filter(email="nytt.medlem@test.no").exists()
    member.refresh_from_db()
    assert member.email == "medlem@test.no"


def test_an_address_taken_before_the_link_is_followed_changes_nothing(client, member, mailoutbox):
    client.force_login(member)
    _add(client, "omstridt@test.no")
    other = UserFactory(email="omstridt@test.no", password=PASSWORD)
    response = client.post(_confirm_link(mailoutbox[0]), follow=True)
    assert response.status_code == 200
    assert "brukes allerede av en annen bruker" in response.content.decode()
    member.refresh_from_db()
    other.refresh_from_db()
    assert member.email == "medlem@test.no"
    assert other.email == "omstridt@test.no"


def test_the_migration_drops_rows_that_claim_another_accounts_address(member, admin_user):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "buskerud_sp.core.migrations.0007_drop_email_rows_claiming_other_accounts"
    )
    EmailAddress.objects.create(user=member, email="Admin@test.no", verified=False, primary=True)
    own = EmailAddress.objects.create(user=member, email="medlem@test.no", verified=True)
    pending = EmailAddress.objects.create(user=member, email="eget.nytt@test.no")
    admins = EmailAddress.objects.create(user=admin_user, email="admin@test.no", verified=True)
    migration.drop_rows_claiming_other_accounts(apps, None)
    assert set(EmailAddress.objects.values_list("pk", flat=True)) == {
        own.pk,
        pending.pk,
        admins.pk,
    }


def test_two_accounts_never_share_a_login_address_in_another_letter_case(
    client, admin_user, member
):
    """An admin editing a user in Django's admin gets the message by the field."""
    client.force_login(admin_user)
    url = f"/admin/buskerud_sp/user/{member.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name != "password"
    }
    data.update(
        {
            "email": "ADMIN@test.no",
            "date_joined_0": member.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": member.date_joined.strftime("%H:%M:%S"),
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    for flag in ("is_staff", "is_superuser"):
        if not data.get(flag):
            data.pop(flag, None)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "En annen bruker har allerede denne e-postadressen." in response.content.decode()
    member.refresh_from_db()
    assert member.email == "medlem@test.no"


def test_a_login_address_change_is_in_the_audit_trail(client, member, mailoutbox):
    """Asking for a new address, following its link and cancelling one each write an entry
    that names the account and its member (so that erasure redacts the addresses)."""
    from buskerud_sp.core.audit import verify_chain
    from buskerud_sp.core.models import AuditAction, AuditEntry

    client.force_login(member)
    before = AuditEntry.objects.count()
    _add(client, "nytt.medlem@test.no")
    client.post(_confirm_link(mailoutbox[0]))
    _add(client, "tredje@test.no")
    client.post("/konto/email/", {"email": "tredje@test.no", "action_remove": ""})

    entries = AuditEntry.objects.order_by("id")[before:]
    changes = [
        (e.data["endring"], e.data["fra"], e.data["til"])
        for e in entries
        if e.action == AuditAction.UPDATE
    ]
    assert changes == [
        ("ny e-postadresse venter på bekreftelse", "medlem@test.no", "nytt.medlem@test.no"),
        ("innloggingsadresse byttet", "medlem@test.no", "nytt.medlem@test.no"),
        ("ny e-postadresse venter på bekreftelse", "nytt.medlem@test.no", "tredje@test.no"),
        ("e-postadresse fjernet", "nytt.medlem@test.no", "tredje@test.no"),
    ]
    for entry in entries:
        if entry.action == AuditAction.UPDATE:
            assert (entry.object_type, entry.object_id) == ("buskerud_sp.user", str(member.pk))
            assert entry.medlem_id == member.medlem.pk
            assert entry.actor_id == member.pk
    assert verify_chain() is None
