"""Django's admin without a door of its own.

The admin's login form would authenticate with the password alone: no rate limit, no second
factor, no login audit of allauth's kind. Here the admin's login and password change hand over
to the portal's (allauth's) pages, so there is one way in for the whole site, and the
second-factor gate (``RequireMfaMiddleware``) covers ``/admin/`` like every other page.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from buskerud_sp.core.redirects import own_url


class PortalAdminSite(admin.AdminSite):
    @method_decorator(never_cache)
    @login_not_required
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponseRedirect:
        """Every method, also a POST with credentials, goes to the portal's login page: this
        view never checks a password."""
        next_url = own_url(request, request.GET.get(REDIRECT_FIELD_NAME, "")) or reverse(
            "admin:index", current_app=self.name
        )
        if request.user.is_authenticated:
            if not self.has_permission(request):
                # Not the admin's login form either: outsiders get 404, and no redirect loop.
                raise Http404
            return HttpResponseRedirect(next_url)
        login_url = resolve_url(settings.LOGIN_URL)
        return HttpResponseRedirect(f"{login_url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")

    def password_change(self, request: HttpRequest, extra_context=None) -> HttpResponseRedirect:
        """allauth's page, which asks for the current password and logs the change."""
        return HttpResponseRedirect(reverse("account_change_password"))


class PortalAdminConfig(AdminConfig):
    default_site = "buskerud_sp.admin_site.PortalAdminSite"
