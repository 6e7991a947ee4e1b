"""Encryption at rest for the secrets the portal must be able to read back: the TOTP keys and
recovery-code seeds of two-factor login (through ``PortalMFAAdapter``).

Fernet (AES-128-CBC with HMAC-SHA256) from ``cryptography``, keys from ``MFA_ENCRYPTION_KEYS``:
the first key encrypts, every key decrypts, so a new key is put first and the old one kept
until nothing is encrypted with it any more. A copy of the database without the key gives no
one a second factor.
"""

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

__all__ = ["InvalidToken", "decrypt", "encrypt", "rotate"]


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


def rotate(token: str) -> str:
    """The same text encrypted again with the first key."""
    return _current().rotate(token.encode()).decode("ascii")
