"""Passwords are hashed with Argon2id; an account with an older hash gets an Argon2id hash at
its next login. (The test settings put a fast MD5 hasher first; these tests take it away
again, so that the production list is what they see.)"""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import override_settings
from django.utils.module_loading import import_string

from tests.conftest import PASSWORD

PRODUCTION_HASHERS = [h for h in settings.PASSWORD_HASHERS if not h.endswith(".MD5PasswordHasher")]


def test_new_passwords_are_hashed_with_argon2id():
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$")
    # OWASP's minimum for Argon2id is 19 MiB, two passes, one lane.
    hasher = identify_hasher(encoded)
    params = hasher.decode(encoded)["params"]
    assert params.memory_cost >= 19 * 1024
    assert params.memory_cost * params.time_cost >= 19 * 1024 * 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "old",
    [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        # Argon2id with Django's own parameters: made again with ours.
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ],
)
def test_an_older_hash_is_upgraded_at_the_next_login(client, admin_user, old):
    admin_user.password = make_password(PASSWORD, hasher=import_string(old)())
    admin_user.save(update_fields=["password"])
    before = admin_user.password
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        response = client.post("/konto/login/", {"login": "admin@test.no", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    admin_user.refresh_from_db()
    assert admin_user.password != before
    assert admin_user.password.startswith("argon2$argon2id$")
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        assert admin_user.check_password(PASSWORD)
        assert not identify_hasher(admin_user.password).must_update(admin_user.password)


@pytest.mark.django_db
def test_a_wrong_password_leaves_the_old_hash(client, admin_user):
    admin_user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    admin_user.save(update_fields=["password"])
    before = admin_user.password
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        client.post("/konto/login/", {"login": "admin@test.no", "password": "feil-passord-123"})
    admin_user.refresh_from_db()
    assert admin_user.password == before
