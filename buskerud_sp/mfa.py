"""Services for two-factor login beyond what allauth's own pages do: re-encrypting the
stored secrets with a new key, and an admin removing a user's second factor."""

from allauth.mfa.base.internal.flows import delete_and_cleanup
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.http import HttpRequest

from . import encryption


@transaction.atomic
def mfa_secrets_rotate() -> int:
    """Re-encrypts every stored two-factor secret with the first key of MFA_ENCRYPTION_KEYS,
    so that the keys after it can be removed. Returns the number of authenticators."""
    count = 0
    authenticators = Authenticator.objects.select_for_update().filter(
        type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    )
    for authenticator in authenticators:
        data = authenticator.data
        for field in ("secret", "seed"):
            if field in data:
                data[field] = encryption.rotate(data[field])
        if "migrated_codes" in data:
            data["migrated_codes"] = [encryption.rotate(code) for code in data["migrated_codes"]]
        authenticator.save(update_fields=["data"])
        count += 1
    return count


@transaction.atomic
def authenticator_remove(*, request: HttpRequest, authenticator: Authenticator) -> None:
    """An admin removes a user's second factor (a lost phone). allauth's own clean-up removes
    the recovery codes left dangling and sends ``authenticator_removed``, whose audit receiver
    records the admin as actor and the user whose factor it was."""
    delete_and_cleanup(request, authenticator)
