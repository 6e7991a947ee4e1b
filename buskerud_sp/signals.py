"""Login events go to the audit trail. Receivers only record; they hold no business logic."""

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.usersessions import signals as usersessions_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from .core import audit
from .core.models import AuditAction
from .core.sessions import record_login


@receiver(auth_signals.user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    audit.log(request, AuditAction.LOGIN, user=user)


# The login's session record (the «Innloggede økter» page): allauth's receiver checks each of
# the user's earlier sessions with queries of its own; ours reads them together.
account_signals.user_logged_in.disconnect(receiver=usersessions_signals.on_user_logged_in)


@receiver(account_signals.user_logged_in, dispatch_uid="record_login_session")
def _record_session(sender, request, **kwargs):
    record_login(request)


@receiver(auth_signals.user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.log(request, AuditAction.LOGOUT, user=user)


@receiver(auth_signals.user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The attempted e-mail is personal data: it sits in the redactable part of the entry.
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit.log(request, AuditAction.LOGIN_FAILED, user=None, actor_label=attempted)


def _mfa_changed(change: str):
    def handler(sender, request, user, **kwargs):
        authenticator = kwargs.get("authenticator")
        kind = getattr(authenticator, "type", "") if authenticator else ""
        # The user whose factor changed: the actor too, unless an admin removed it.
        owner = authenticator.user if authenticator else None
        audit.log(
            request,
            AuditAction.MFA,
            obj=owner,
            user=user,
            data={"endring": change, "type": kind},
        )

    return handler


@receiver(mfa_signals.authentication_failed)
def _mfa_code_failed(sender, request, user, authenticator=None, **kwargs):
    # The password was right, so the user is known; the code was wrong.
    audit.log(
        request,
        AuditAction.LOGIN_FAILED,
        user=user,
        data={"steg": "tofaktor", "type": getattr(authenticator, "type", "")},
    )


_mfa_added = _mfa_changed("lagt til")
_mfa_removed = _mfa_changed("fjernet")
_mfa_reset = _mfa_changed("nye gjenopprettingskoder")
mfa_signals.authenticator_added.connect(_mfa_added, dispatch_uid="audit_mfa_added")
mfa_signals.authenticator_removed.connect(_mfa_removed, dispatch_uid="audit_mfa_removed")
mfa_signals.authenticator_reset.connect(_mfa_reset, dispatch_uid="audit_mfa_reset")


def _medlem_id(user) -> int | None:
    medlem = getattr(user, "medlem", None)
    return medlem.pk if medlem is not None else None


def _email_event(change: str):
    # The addresses are personal data: they sit in ``data``, which erasure redacts (the entry
    # names the member whose login it is).
    def handler(sender, request, user, **kwargs):
        old = kwargs.get("from_email_address")
        new = kwargs.get("to_email_address") or kwargs.get("email_address")
        audit.log(
            request,
            AuditAction.UPDATE,
            obj=user,
            medlem_id=_medlem_id(user),
            data={
                "endring": change,
                "fra": old.email if old is not None else user.email,
                "til": new.email if new is not None else "",
            },
        )

    return handler


_email_added = _email_event("ny e-postadresse venter på bekreftelse")
_email_changed = _email_event("innloggingsadresse byttet")
_email_removed = _email_event("e-postadresse fjernet")
account_signals.email_added.connect(_email_added, dispatch_uid="audit_email_added")
account_signals.email_changed.connect(_email_changed, dispatch_uid="audit_email_changed")
account_signals.email_removed.connect(_email_removed, dispatch_uid="audit_email_removed")
