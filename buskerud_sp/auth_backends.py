"""Password login by the account's own login address only."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model


class LoginAddressBackend(AuthenticationBackend):
    """allauth's backend, but an e-mail address logs in only as the account whose login
    address (``User.email``) it is, in any letter case.

    allauth would also try every account that lists the address among its ``EmailAddress``
    rows, verified or not: a member who had added ``admin@…`` to her own list logged in with
    ``admin@…`` and her own password, and the audit trail named her by that address."""

    def _authenticate_by_email(self, email: str, password: str):
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        return self._check_password(user, password)
