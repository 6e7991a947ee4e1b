"""Request-wide guards that must hold for every page."""

import time

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse

from .access import access_for

# Pages a user without two-factor login may still reach: the login pages themselves (to set it
# up), health checks, static files and the calendar feeds (which hold no member data).
MFA_EXEMPT_PREFIXES = ("/konto/", "/helse/", "/static/", "/kalender/", "/i18n/")


class RequireMfaMiddleware:
    """With REQUIRE_MFA_FOR_STAFF on, everyone who sees other people's member data must have
    a second factor before they reach any page but the account pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "REQUIRE_MFA_FOR_STAFF", False)
            and request.user.is_authenticated
            and not request.path.startswith(MFA_EXEMPT_PREFIXES)
            and access_for(request.user).sees_others_member_data
            and not _has_second_factor(request.user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


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
