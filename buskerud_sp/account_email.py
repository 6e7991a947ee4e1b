"""The «E-post» account page (``/konto/email/``): change the login address through a verified
step, never claim another account's address.

allauth's page, with three differences:

- Opening it changes nothing. allauth copies the login address into an *unverified*
  ``EmailAddress`` row on every visit, which then kept staff from setting up their second
  factor until they followed a mail.
- An address that is another account's (in any letter case, also one still waiting for
  verification) is refused next to the field.
- There is no «make primary»: with ``ACCOUNT_CHANGE_EMAIL`` the new address becomes the
  login address only when the link mailed to it is followed (``PortalAccountAdapter``). A
  crafted «action_primary» changes nothing; it used to answer 500 (IntegrityError on the
  unique login address) and leave the rows half-changed.
"""

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.models import EmailAddress
from allauth.account.views import EmailView
from allauth.decorators import rate_limit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.forms import ValidationError
from django.http import HttpRequest
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic.edit import FormView

from .core.accounts import email_taken_by_other


def current_login_address(user) -> EmailAddress:
    """The account's login address as allauth's verified primary row, written only when the
    user asks for a change (so that the change has an address to fall back to and to cancel
    to). The login address was set by an admin and proven by the invitation link."""
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    # A row left from an address an admin replaced in Django's admin is no longer primary.
    others = EmailAddress.objects.filter(user=user, primary=True)
    if address is not None:
        others = others.exclude(pk=address.pk)
    others.update(primary=False)
    if address is None:
        return EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    if not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])
    return address


class AddEmailForm(AllauthAddEmailForm):
    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email == self.user.email.lower():
            raise ValidationError(_("Dette er allerede e-postadressen din."))
        if email_taken_by_other(email, self.user):
            raise ValidationError(
                _("E-postadressen brukes av en annen bruker. Velg en adresse som er din egen.")
            )
        self.cleaned_data["email"] = email
        return super().clean_email()

    @transaction.atomic
    def save(self, request: HttpRequest) -> EmailAddress:
        current_login_address(self.user)
        return super().save(request)


class ResetPasswordForm(AllauthResetPasswordForm):
    """A reset link goes only to an account's login address, not to an address that waits
    for verification (allauth would send one there too)."""

    def clean_email(self) -> str:
        email = super().clean_email()
        self.users = [user for user in self.users if user.email.lower() == email.lower()]
        return email


@method_decorator(login_required, name="dispatch")
@method_decorator(rate_limit(action="manage_email"), name="dispatch")
class PortalEmailView(EmailView):
    def dispatch(self, request: HttpRequest, *args, **kwargs):
        self._did_send_verification_email = False
        # Not EmailView.dispatch: it writes an unverified row for the login address.
        return FormView.dispatch(self, request, *args, **kwargs)

    def _action_primary(self, request: HttpRequest, *args, **kwargs):
        messages.error(
            request,
            _("En ny e-postadresse tas i bruk når du følger lenken i e-posten vi sendte til den."),
        )
        return None

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if context.get("current_emailaddress") is None:
            # Shown, not saved: the login address before any change was asked for.
            shown = EmailAddress(
                user=self.request.user, email=self.request.user.email, verified=True, primary=True
            )
            context["current_emailaddress"] = shown
            context["emailaddresses"] = [shown, *context["emailaddresses"]]
        return context


email = PortalEmailView.as_view()
