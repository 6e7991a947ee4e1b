"""Request-wide guards that must hold for every page."""

import time

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .access import access_for

# Pages a session without its second factor may still reach: the login pages themselves (to
# set it up or pass it), health checks, static files and the calendar feeds (which hold no
# member data).
MFA_EXEMPT_PREFIXES = ("/konto/", "/helse/", "/static/", "/kalender/", "/i18n/")


class RequireMfaMiddleware:
    """Every page but the exempt ones needs a session that passed the second factor, when the
    user has one (TOTP or a security key) or must have one (REQUIRE_MFA_FOR_STAFF and a role
    that sees other people's member data).

    Having an authenticator is not enough: a session that was opened with the password only
    (before the factor was set up, or through a way in that skipped it) is sent to pass it.
    allauth records each authentication step in the session; an "mfa" record proves it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and not session_passed_mfa(request)
        ):
            # Checked in this order so that a session that passed costs no query.
            if _has_second_factor(user):
                next_url = request.get_full_path() if request.method == "GET" else request.path
                return redirect(
                    f"{reverse('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
                )
            if (
                getattr(settings, "REQUIRE_MFA_FOR_STAFF", False)
                and access_for(user).sees_others_member_data
            ):
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def session_passed_mfa(request: HttpRequest) -> bool:
    """Did this session's user pass a second factor in this session (at login or since)?"""
    from allauth.account.authentication import get_authentication_records

    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def _has_second_factor(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


class RejectNulMiddleware:
    """A NUL character in the path or the query string is refused with 400 before any view
    reads it: PostgreSQL refuses NUL in text, so a view that filters on ``request.GET`` would
    otherwise answer 500. (Form fields already reject NUL through Django's validator.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value
            for key, values in request.GET.lists()
            for value in values
        ):
            return HttpResponseBadRequest("NUL", content_type="text/plain")
        return self.get_response(request)


class SessionActivityMiddleware:
    """The idle timeout (``SESSION_COOKIE_AGE``) and the «logged-in sessions» page's last
    activity, refreshed at most once a minute per session instead of on every request.

    Saving the session and allauth's activity record on every request cost two write
    transactions and four queries per page (bench/RESULTS.md). Refreshing once a minute can
    only make a session expire up to a minute *earlier* than an idle timeout counted from the
    last request, never later. Replaces allauth's ``UserSessionsMiddleware``, with
    ``SESSION_SAVE_EVERY_REQUEST`` off."""

    KEY = "_aktiv"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from allauth.usersessions.internal import usersessionkit

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(self.KEY, 0) >= settings.SESSION_ACTIVITY_SECONDS:
                request.session[self.KEY] = now  # modified: saved, so the expiry moves on
                usersessionkit.track_activity(request, user=user, session=request.session)
        return self.get_response(request)
