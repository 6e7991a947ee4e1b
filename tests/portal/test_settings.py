"""Settings come from the environment and fail loudly on unsafe or malformed values."""

import os
import subprocess
import sys

from tests.services import ROOT

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7!k2p9@qL4zR8#wN3vB6^mT1yH5&jD0cF-sG_aE+uI=oP*lK(rX)zV%nM$bQ",
    "ALLOWED_HOSTS": "portal.buskerudsp.no",
    "DJANGO_SETTINGS_MODULE": "buskerud_sp.settings",
    "EMAIL_URL": "smtp+tls://portal:hemmelig@smtp.example.no:587",
    "AUDIT_HMAC_KEY": "Qm4t9Zr2Lk8Vw1Xs6Pd3Hy7Nc0Jb5Fg2Te8Ua4Wo",
    # Behind one TLS proxy (nginx/Caddy), as README's "Produksjon" describes.
    "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
    "MFA_ENCRYPTION_KEYS": "Y2ZZ1eVg0lP5o8Jm1a2qv6H3x9r7sKdWn4TbLc0uE_M=",
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    unset = {
        "AUDIT_HMAC_KEY",
        "DEBUG",
        "SECRET_KEY",
        "EMAIL_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "ALLAUTH_TRUSTED_PROXY_COUNT",
        "SERVED_WITHOUT_PROXY",
        "MFA_ENCRYPTION_KEYS",
    }
    full_env = {k: v for k, v in os.environ.items() if k not in unset}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_refuses_a_proxy_count_of_zero():
    env = {**PRODUCTION_ENV}
    env.pop("ALLAUTH_TRUSTED_PROXY_COUNT")
    result = manage("check", "--deploy", **env)
    assert result.returncode != 0
    assert "buskerud_sp.E001" in result.stderr
    assert "ALLAUTH_TRUSTED_PROXY_COUNT" in result.stderr


def test_proxy_count_of_zero_passes_only_when_declared_as_no_proxy(settings):
    from buskerud_sp.checks import check_trusted_proxy_count

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.SERVED_WITHOUT_PROXY = False
    assert [m.id for m in check_trusted_proxy_count()] == ["buskerud_sp.E001"]
    settings.SERVED_WITHOUT_PROXY = True
    assert check_trusted_proxy_count() == []
    settings.SERVED_WITHOUT_PROXY = False
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert check_trusted_proxy_count() == []


def test_deploy_check_refuses_trusting_forwarded_headers_without_a_proxy():
    """SERVED_WITHOUT_PROXY says clients reach gunicorn directly: then every X-Forwarded-For
    and X-Forwarded-Proto comes from the client. A proxy count above 0 would let an attacker
    pick a new address per try (no rate limit, no lockout per address); the proto header would
    let a plain-HTTP request pass as HTTPS."""
    env = {**PRODUCTION_ENV, "SERVED_WITHOUT_PROXY": "true"}
    result = manage("check", "--deploy", **env)
    assert result.returncode != 0
    assert "buskerud_sp.E002" in result.stderr
    assert "X-Forwarded-For" in result.stderr
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        **{**env, "ALLAUTH_TRUSTED_PROXY_COUNT": "0"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "None"


def test_refuses_to_start_with_default_secret_and_debug_off():
    env = {**PRODUCTION_ENV}
    env.pop("SECRET_KEY")
    result = manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_refuses_to_start_without_an_audit_key_when_debug_is_off():
    env = {**PRODUCTION_ENV}
    env.pop("AUDIT_HMAC_KEY")
    result = manage("check", **env)
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY" in result.stderr
    result = manage("check", **{**env, "AUDIT_HMAC_KEY": "for-kort"})
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY" in result.stderr
    result = manage("check", **{**env, "AUDIT_HMAC_KEY": PRODUCTION_ENV["SECRET_KEY"]})
    assert result.returncode != 0
    assert "AUDIT_HMAC_KEY" in result.stderr


def test_refuses_to_start_without_a_key_for_two_factor_secrets_and_debug_off():
    env = {**PRODUCTION_ENV}
    env.pop("MFA_ENCRYPTION_KEYS")
    result = manage("check", **env)
    assert result.returncode != 0
    assert "MFA_ENCRYPTION_KEYS must be set" in result.stderr


def test_malformed_key_for_two_factor_secrets_is_refused():
    result = manage("check", **{**PRODUCTION_ENV, "MFA_ENCRYPTION_KEYS": "hemmelig"})
    assert result.returncode != 0
    assert "not a Fernet key" in result.stderr


def test_malformed_boolean_names_the_variable():
    result = manage("check", DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG='ture'" in result.stderr


def test_malformed_number_names_the_variable():
    result = manage("check", SESSION_IDLE_SECONDS="en time")
    assert result.returncode != 0
    assert "SESSION_IDLE_SECONDS" in result.stderr


def test_production_uses_mfa_for_staff_by_default():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.REQUIRE_MFA_FOR_STAFF)",
        **PRODUCTION_ENV,
    )
    assert result.stdout.strip().endswith("True"), result.stderr
