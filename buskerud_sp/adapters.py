"""allauth adapters: who may sign up, which e-mail addresses an account may claim and when a
changed address takes effect, the login rate limit, and the encryption of two-factor secrets."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core.internal.ratelimit import get_ip
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from . import encryption
from .core.accounts import email_taken_by_other
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

    def confirm_email(self, request: HttpRequest, email_address: EmailAddress) -> bool:
        """The link in the verification mail makes a changed address the login address. The
        address may have become another account's since the mail was sent (an admin gave a
        member a login with it): then nothing changes, instead of an IntegrityError.

        The link works only in a session logged in as the account: whoever owns a mistyped
        address cannot make it the account's login address (and then reset its password)."""
        if not (request.user.is_authenticated and request.user.pk == email_address.user_id):
            messages.error(
                request,
                _("Logg inn med den gamle e-postadressen din, og følg lenken igjen."),
            )
            return False
        if email_taken_by_other(email_address.email, email_address.user):
            messages.error(
                request,
                _(
                    "E-postadressen %(email)s brukes allerede av en annen bruker. Ingenting er endret."
                )
                % {"email": email_address.email},
            )
            return False
        return super().confirm_email(request, email_address)


class PortalMFAAdapter(DefaultMFAAdapter):
    """TOTP secrets and recovery-code seeds are stored encrypted (buskerud_sp.encryption)."""

    def encrypt(self, text: str) -> str:
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text: str) -> str:
        return encryption.decrypt(encrypted_text)
