"""allauth's second-factor forms, with every code that the rate limit stops audited."""

from allauth.core import context
from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from django.core.exceptions import ValidationError

from .loginlog import SECOND_FACTOR_STEP, log_login_stopped


class _AuditsStoppedCodes:
    user: object

    def clean_code(self) -> str:
        try:
            # A mixin: the form class it is mixed into has clean_code (no base here to type it).
            return super().clean_code()  # type: ignore[misc]
        except ValidationError as error:
            # A wrong code is recorded through allauth's authentication_failed signal; a code
            # refused by the rate limit is never checked, so no signal tells of it.
            if error.code == "too_many_login_attempts":
                log_login_stopped(context.request, step=SECOND_FACTOR_STEP, user=self.user)
            raise


class PortalAuthenticateForm(_AuditsStoppedCodes, AuthenticateForm):
    pass


class PortalReauthenticateForm(_AuditsStoppedCodes, ReauthenticateForm):
    pass
