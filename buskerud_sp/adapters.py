"""allauth adapters: the portal's rules for sign-up and the login rate limit, and the
encryption of two-factor secrets."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal.ratelimit import get_ip
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from . import encryption
from .loginlog import PASSWORD_STEP, log_login_stopped


class PortalAccountAdapter(DefaultAccountAdapter):
    """No self sign-up: admins invite people (they set their password through a reset link)."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # The per-account limit ("5/5m/key" in ACCOUNT_RATE_LIMITS) counts per account *and*
        # address: counted per account alone, anyone who knows an e-mail address could keep
        # its owner locked out. allauth's own address (IPv6 cut to its /64) keeps one attacker
        # from escaping the count by rotating addresses inside his network.
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}@{get_ip(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            # Stopped before the password is checked: Django's user_login_failed (which the
            # audit receiver records) is never sent for this attempt.
            attempted = str(credentials.get("email") or credentials.get("username") or "")
            log_login_stopped(request, step=PASSWORD_STEP, attempted=attempted)
            raise


class PortalMFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted (buskerud_sp.encryption)."""

    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text)
