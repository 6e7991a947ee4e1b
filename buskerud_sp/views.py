import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from aktiviteter.dashbord.views import dashboard
from aktiviteter.gjoremal import gjoremal_for
from buskerud_sp.core import svar as svar_tokens
from buskerud_sp.core.permissions import admin_required
from lokallag.models import Lokallag, Rolle, Verv
from medlemmer.models import Medlem

from .core.access import access_for
from .core.audit import entry_problem, latest_check
from .core.models import AuditEntry
from .core.redirects import own_url
from .forms import AuditFilterForm, LanguageForm
from .health import run_checks


def home(request: HttpRequest) -> HttpResponse:
    """The start page depends on the role: the dashboard of the plan's targets for the board
    and admins, the chapter for a leader, the member's own page for a plain member."""
    access = access_for(request.user)
    if access.sees_all_chapters:
        return dashboard(request, start_page=True)
    if len(access.officer_chapter_ids) == 1:
        chapter = Lokallag.objects.get(pk=next(iter(access.officer_chapter_ids)))
        return redirect(chapter)
    if not access.officer_chapter_ids and access.medlem_id:
        return redirect("medlemmer:detail", pk=access.medlem_id)
    chapters = Lokallag.objects.visible_to(request.user).lokallag().aktive()
    today = timezone.localdate()
    members = Medlem.objects.visible_to(request.user).aktive(today)
    with_leader = Verv.objects.aktive(today).filter(rolle=Rolle.LEDER, enhet__in=chapters)
    context = {
        "gjoremal": gjoremal_for(request.user, neste=request.path),
        "chapter_count": chapters.count(),
        "member_count": members.count(),
        "new_this_year": members.innmeldt_i(today.year).count(),
        "without_leader": chapters.exclude(pk__in=with_leader.values("enhet_id")).order_by("navn"),
        "year": today.year,
    }
    return render(request, "home.html", context)


@login_not_required
@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    result = run_checks()
    ok = all(value == "ok" for value in result.values())
    return JsonResponse(result, status=200 if ok else 503)


@login_not_required
def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return HttpResponse(loader.render_to_string("404.html", request=request), status=404)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    """500, or a 503 that says "try again shortly" when the database cannot be reached.
    Rendered without context processors: the database may be the reason we are here."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)


@admin_required
def audit_trail(request: HttpRequest) -> HttpResponse:
    """The audit trail, for admins: read and filter, never change."""
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.all()
    if form.is_valid():
        data = form.cleaned_data
        if data["handling"]:
            entries = entries.filter(action=data["handling"])
        if data["bruker"]:
            entries = entries.filter(actor_label__icontains=data["bruker"])
        if data["medlem"]:
            entries = entries.filter(medlem_id=data["medlem"])
        if data["fra"]:
            entries = entries.filter(created_at__date__gte=data["fra"])
        if data["til"]:
            entries = entries.filter(created_at__date__lte=data["til"])
    page = Paginator(entries, 100).get_page(request.GET.get("side"))
    query = request.GET.copy()
    query.pop("side", None)
    context = {
        "form": form,
        "page": page,
        "rows": [(entry, entry_problem(entry)) for entry in page],
        "last_check": latest_check(),
        "query": query.urlencode(),
    }
    return render(request, "revisjon.html", context)


@login_not_required
@never_cache
def svar(request: HttpRequest, token: str) -> HttpResponse:
    """/svar/<token>/: a member's link from a mail, without logging in. The token's kind picks
    the view (registered in ``buskerud_sp.core.svar``); a bad or expired token is a 404. The
    pages are personal: never indexed, never cached."""
    resolved = svar_tokens.resolve(token)
    view = svar_tokens.view_for(resolved[0]) if resolved else None
    if resolved is None or view is None:
        raise Http404
    response = view(request, resolved[1])
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The footer's language form: the choice goes in a cookie (so that the login page follows
    it) and, for a logged-in user, on the user (so that it follows them to another browser).
    Back to the page the form was on."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("language")
    language = form.cleaned_data["language"]
    response = redirect(own_url(request, request.POST.get("next", "")) or "/")
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
