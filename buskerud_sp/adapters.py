"""The portal's rules for allauth: who may sign up, which e-mail addresses an account may
claim, and when a changed address takes effect."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext as _


def email_taken_by_other(email: str, user) -> bool:
    """Is this address (in any letter case) another account's login address, or on another
    account's list of addresses (also one still waiting for verification)?"""
    email = email.strip()
    others = get_user_model().objects.exclude(pk=user.pk)
    return (
        others.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exclude(user_id=user.pk).exists()
    )


class PortalAccountAdapter(DefaultAccountAdapter):
    """No self sign-up: admins invite people (they set their password through a reset link)."""

    def is_open_for_signup(self, request) -> bool:
        return False

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
