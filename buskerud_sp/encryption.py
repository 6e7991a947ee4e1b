"""Encryption at rest for the secrets the portal must be able to read back: the TOTP keys and
recovery-code seeds of two-factor login (through ``PortalMFAAdapter``).

Fernet (AES-128-CBC with HMAC-SHA256) from ``cryptography``, keys from ``MFA_ENCRYPTION_KEYS``:
the first key encrypts, every key decrypts, so a new key is put first and the old one kept
until nothing is encrypted with it any more. A copy of the database without the key gives no
one a second factor.
"""

from functools import cache

from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import transaction

__all__ = ["InvalidToken", "decrypt", "encrypt", "is_encrypted", "mfa_secrets_rotate"]


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _current() -> MultiFernet:
    # Keyed by the setting's value, so a test that overrides the keys gets its own box.
    return _fernet(tuple(settings.MFA_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return _current().encrypt(text.encode()).decode("ascii")


def decrypt(token: str) -> str:
    """The plain text; ``InvalidToken`` for a value that is not ours (or a lost key)."""
    return _current().decrypt(token.encode()).decode()


def is_encrypted(value: str) -> bool:
    try:
        decrypt(value)
    except InvalidToken:
        return False
    return True


@transaction.atomic
def mfa_secrets_rotate() -> int:
    """Re-encrypts every stored two-factor secret with the first key of MFA_ENCRYPTION_KEYS,
    so that the keys after it can be removed. Returns the number of authenticators."""
    box = _current()
    count = 0
    authenticators = Authenticator.objects.select_for_update().filter(
        type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    )
    for authenticator in authenticators:
        data = authenticator.data
        for field in ("secret", "seed"):
            if field in data:
                data[field] = box.rotate(data[field].encode()).decode("ascii")
        if "migrated_codes" in data:
            data["migrated_codes"] = [
                box.rotate(code.encode()).decode("ascii") for code in data["migrated_codes"]
            ]
        authenticator.save(update_fields=["data"])
        count += 1
    return count
