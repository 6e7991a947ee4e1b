"""Two-factor secrets are encrypted at rest (a copy of the database gives no one a second
factor), two-factor login still works, and the admin never shows a secret."""

import datetime
import importlib
import io
import json
import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.apps import apps

from buskerud_sp import encryption
from tests.conftest import PASSWORD, login_reauthenticated

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 30, 10, 0, 5, tzinfo=datetime.UTC)


def _code(secret: str, at: datetime.datetime) -> str:
    """What the user's authenticator app shows at that moment."""
    return format_hotp_value(hotp_value(secret, int(at.timestamp()) // 30))


def _login_with_code(client, code: str) -> None:
    client.logout()
    response = client.post("/konto/login/", {"login": "admin@test.no", "password": PASSWORD})
    assert response["Location"] == "/konto/2fa/authenticate/"
    response = client.post("/konto/2fa/authenticate/", {"code": code})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_totp_secret_is_stored_encrypted_and_two_factor_login_still_works(client, admin_user):
    with time_machine.travel(START, tick=False) as traveller:
        login_reauthenticated(client, "admin@test.no")  # adding a factor asks for it
        secret = client.get("/konto/2fa/totp/activate/").context["form"].secret
        response = client.post("/konto/2fa/totp/activate/", {"code": _code(secret, START)})
        assert response.status_code == 302

        totp = Authenticator.objects.get(user=admin_user, type=Authenticator.Type.TOTP)
        assert re.fullmatch(r"[A-Z2-7]+=*", secret)
        assert secret not in json.dumps(totp.data)
        seed = Authenticator.objects.get(
            user=admin_user, type=Authenticator.Type.RECOVERY_CODES
        ).data["seed"]
        assert not re.fullmatch(r"[0-9a-f]{80}", seed)

        later = START + datetime.timedelta(minutes=1)
        traveller.move_to(later)
        _login_with_code(client, _code(secret, later))
        assert client.session["_auth_user_id"] == str(admin_user.pk)
        assert client.get("/").status_code == 200

        recovery = Authenticator.objects.get(
            user=admin_user, type=Authenticator.Type.RECOVERY_CODES
        )
        _login_with_code(client, RecoveryCodes(recovery).get_unused_codes()[0])
        assert client.session["_auth_user_id"] == str(admin_user.pk)


def test_wrong_totp_code_is_still_refused(client, admin_user):
    secret = generate_totp_secret()
    TOTP.activate(admin_user, secret)
    with time_machine.travel(START, tick=False):
        client.post("/konto/login/", {"login": "admin@test.no", "password": PASSWORD})
        wrong = f"{(int(_code(secret, START)) + 1) % 1_000_000:06d}"
        response = client.post("/konto/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_admin_does_not_show_the_two_factor_secret(client, admin_user):
    secret = generate_totp_secret()
    totp = TOTP.activate(admin_user, secret).instance
    stored = totp.data["secret"]
    # The admin is a page with member data: this session must pass the second factor first.
    # The whole visit happens at START (the TOTP code is START's), so that the session made
    # then has not run out by the time the pages are asked for, whatever the hour of the run.
    with time_machine.travel(START, tick=False):
        client.force_login(admin_user)
        code = format_hotp_value(hotp_value(secret, int(START.timestamp()) // 30))
        assert client.post("/konto/2fa/reauthenticate/", {"code": code}).status_code == 302
        response = client.get(f"/admin/mfa/authenticator/{totp.pk}/change/")
        listing = client.get("/admin/mfa/authenticator/").content.decode()
    assert response.status_code == 200
    page = response.content.decode()
    assert "admin@test.no" in page  # the page shows the authenticator
    assert secret not in page
    assert stored not in page
    assert 'name="data"' not in page
    assert secret not in listing and stored not in listing


def test_data_migration_encrypts_clear_text_secrets_once(admin_user):
    migration = importlib.import_module("buskerud_sp.core.migrations.0005_encrypt_mfa_secrets")
    secret = generate_totp_secret()
    seed = "ab" * 40
    totp = Authenticator.objects.create(
        user=admin_user, type=Authenticator.Type.TOTP, data={"secret": secret}
    )
    codes = Authenticator.objects.create(
        user=admin_user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": seed, "used_mask": 0, "migrated_codes": ["12345678"]},
    )

    migration.encrypt_secrets(apps, None)
    totp.refresh_from_db()
    codes.refresh_from_db()
    assert totp.data["secret"] != secret
    assert encryption.decrypt(totp.data["secret"]) == secret
    assert encryption.decrypt(codes.data["seed"]) == seed
    assert [encryption.decrypt(c) for c in codes.data["migrated_codes"]] == ["12345678"]
    assert codes.data["used_mask"] == 0

    encrypted = totp.data["secret"]
    migration.encrypt_secrets(apps, None)  # a second run leaves encrypted values alone
    totp.refresh_from_db()
    assert totp.data["secret"] == encrypted

    migration.decrypt_secrets(apps, None)
    totp.refresh_from_db()
    assert totp.data["secret"] == secret


def test_rotating_keys_reencrypts_with_the_new_key(settings, admin_user):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.MFA_ENCRYPTION_KEYS = [old]
    secret = generate_totp_secret()
    totp = TOTP.activate(admin_user, secret).instance
    settings.MFA_ENCRYPTION_KEYS = [new, old]  # the new key first, the old one still read
    call_command("rotate_mfa_keys", stdout=io.StringIO())
    settings.MFA_ENCRYPTION_KEYS = [new]
    totp.refresh_from_db()
    assert encryption.decrypt(totp.data["secret"]) == secret


def test_admin_removing_a_second_factor_is_audited(client, admin_user, board_user):
    from buskerud_sp.core.models import AuditAction, AuditEntry

    totp = TOTP.activate(board_user, generate_totp_secret()).instance
    RecoveryCodes.activate(board_user)
    client.force_login(admin_user)
    response = client.post(f"/admin/mfa/authenticator/{totp.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=board_user).exists()  # codes left dangling go
    entries = AuditEntry.objects.filter(action=AuditAction.MFA)
    assert {(e.actor_id, e.object_id, e.data["type"]) for e in entries} == {
        (admin_user.pk, str(board_user.pk), "totp"),
        (admin_user.pk, str(board_user.pk), "recovery_codes"),
    }
