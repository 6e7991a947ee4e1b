"""Request-wide guards that must hold for every page."""

import time

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import urlencode

from .core.access import access_for

# Pages a session that has not passed its second factor may still reach, by URL name: the
# steps that pass it, logging out, the logged-out password reset, health checks and the
# calendar feeds (which hold no member data). Not the rest of /konto/: from a password-only
# session, «confirm the password» and then «deactivate TOTP» or «new recovery codes» would
# remove or bypass the factor, and the e-mail and password pages would take the account over.
MFA_PASS_URL_NAMES = frozenset(
    {
        "account_login",
        "account_logout",
        "account_inactive",
        "account_reset_password",
        "account_reset_password_done",
        "account_reset_password_from_key",
        "account_reset_password_from_key_done",
        "mfa_authenticate",
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
        "health",
        "kalender_feed",
    }
)
# A user who must have a second factor but has none may also reach the pages that set one up
# (allauth asks for the password again before it shows the TOTP secret).
MFA_SETUP_URL_NAMES = MFA_PASS_URL_NAMES | {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_add_webauthn",
    "account_reauthenticate",
}
MFA_EXEMPT_PREFIXES = ("/static/", "/i18n/")


def _url_name(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).url_name
    except Resolver404:
        return None


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
            url_name = _url_name(request)
            # Checked in this order so that a session that passed costs no query.
            if url_name not in MFA_PASS_URL_NAMES and _has_second_factor(user):
                next_url = request.get_full_path() if request.method == "GET" else request.path
                return redirect(
                    f"{reverse('mfa_reauthenticate')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
                )
            if (
                url_name not in MFA_SETUP_URL_NAMES
                and getattr(settings, "REQUIRE_MFA_FOR_STAFF", False)
                and access_for(user).must_use_second_factor
                and not _has_second_factor(user)
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


class LanguageMiddleware:
    """The page's language: the one the user chose (on the user, or in the language cookie
    before login), else ``LANGUAGE_CODE``. Replaces Django's ``LocaleMiddleware``, which would
    follow the browser's Accept-Language: a Norwegian header gets bokmål whatever its variant
    (nb, no, nn, nn-NO…), and nynorsk is a choice the user makes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def chosen_language(request: HttpRequest) -> str:
    """The user's stored choice wins over the cookie: it follows them to a new browser."""
    offered = {code for code, _name in settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in offered:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in offered:
        return cookie
    return settings.LANGUAGE_CODE
