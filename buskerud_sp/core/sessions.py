"""The sessions and the records of a user's logged-in sessions (allauth.usersessions: the
«Innloggede økter» page): tidied in bulk at each login, and the ended ones deleted daily."""

from importlib import import_module

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import constant_time_compare

DB_SESSIONS = "django.contrib.sessions.backends.db"


def purge_ended_sessions(user) -> int:
    """Drop the user's session records whose session has ended: expired or deleted, or no
    longer the user's (logged out, or the password changed since). Returns how many.

    allauth's own receiver does the same with three queries per recorded session (the
    session's existence, its data, its user), so a login cost more the more sessions a user
    had; here it is three queries whatever their number. The test for a live session is
    Django's own (``get_user``): the user's id, a configured backend and the session hash of the
    current password (or one made with a fallback secret key)."""
    records = dict(UserSession.objects.filter(user_id=user.pk).values_list("session_key", "pk"))
    if not records:
        return 0
    live = {
        session.session_key: session.get_decoded()
        for session in Session.objects.filter(
            session_key__in=list(records), expire_date__gt=timezone.now()
        )
    }
    hashes = [user.get_session_auth_hash()] + [
        user._get_session_auth_hash(secret=secret)
        for secret in getattr(settings, "SECRET_KEY_FALLBACKS", [])
    ]

    def still_theirs(data: dict) -> bool:
        return (
            str(data.get(SESSION_KEY)) == str(user.pk)
            and data.get(BACKEND_SESSION_KEY) in settings.AUTHENTICATION_BACKENDS
            and any(constant_time_compare(data.get(HASH_SESSION_KEY, ""), h) for h in hashes)
        )

    ended = [pk for key, pk in records.items() if key not in live or not still_theirs(live[key])]
    if ended:
        UserSession.objects.filter(pk__in=ended).delete()
    return len(ended)


def record_login(request) -> None:
    """At login: the user's ended sessions dropped and this one recorded (what allauth's
    ``on_user_logged_in`` does, in bulk). Other session engines keep allauth's own check."""
    if settings.SESSION_ENGINE == DB_SESSIONS:
        purge_ended_sessions(request.user)
    else:
        UserSession.objects.purge_and_list(request.user)
    UserSession.objects.create_from_request(request)


def clear_ended_sessions() -> dict[str, int]:
    """Daily: the sessions that have expired deleted from the session store, and the records of
    sessions that no longer exist (the IP address and browser of each login are personal
    data, kept no longer than the session). Django leaves expired sessions in the table until
    ``clearsessions`` runs: this is that command, and the same for the records."""
    if settings.SESSION_ENGINE != DB_SESSIONS:
        import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
        return {}
    expired, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    records, _ = UserSession.objects.exclude(
        session_key__in=Session.objects.values("session_key")
    ).delete()
    return {"utlopte_okter": expired, "oktposter": records}
