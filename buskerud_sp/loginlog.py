"""Audit entries for login attempts that allauth stops before Django's ``user_login_failed``
is sent (the rate limits): without them the trail would show only the first few attempts
of an attack."""

from django.http import HttpRequest

from .core import audit
from .core.models import AuditAction, AuditEntry

PASSWORD_STEP = "passord"  # noqa: S105 (a step name, not a password)
SECOND_FACTOR_STEP = "tofaktor"


def log_login_stopped(
    request: HttpRequest | None, *, step: str, attempted: str = "", user=None
) -> AuditEntry:
    """One refused attempt: ``attempted`` is the e-mail typed at the password step; at the
    second-factor step the password was right, so the user is known."""
    return audit.log(
        request,
        AuditAction.LOGIN_FAILED,
        user=user,
        actor_label=None if user is not None else attempted[:254],
        data={"sperret": True, "steg": step},
    )
