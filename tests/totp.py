"""A real TOTP authenticator for tests, and the codes an authenticator app would show.

allauth refuses a code twice within its window, so tests that need two codes pin the clock
with time_machine and move it on by a period between them."""

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)

PERIOD = 30


def add_totp(user) -> str:
    """Give the user a TOTP authenticator; return its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // PERIOD))


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
