"""Which e-mail addresses belong to which login account: the one rule that the member register
and the account pages share."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model


def email_taken_by_other(email: str, user=None) -> bool:
    """Is this address (in any letter case) another account's login address, or on another
    account's list of addresses (also one still waiting for verification)? Without ``user``:
    any account's."""
    email = email.strip()
    pk = user.pk if user is not None else None
    return (
        get_user_model().objects.exclude(pk=pk).filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exclude(user_id=pk).exists()
    )
