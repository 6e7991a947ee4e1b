"""The public calendar's pages, for anyone without login: the list (also embedded in the
party's websites), an event, and the calendar files.

The responses are the same for every visitor (nothing about the user, no form that needs a
CSRF cookie), so shared caches may keep them for ``MAX_AGE`` seconds; ``Vary: Cookie`` (the
session and language middleware read the cookies) keeps the nynorsk page apart."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from aktiviteter.aktivitet.ical import calendar_bytes
from aktiviteter.arrangementer.forms import ArrangementFilterForm
from aktiviteter.arrangementer.selectors import (
    by_month,
    open_shifts,
    public_event,
    public_events,
)

MAX_AGE = 300


def _cacheable(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Public for visitors without login. A logged-in user's response may carry their session
    cookie (refreshed once a minute), so a shared cache must not keep it: private, the same
    page all the same."""
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=MAX_AGE)
    else:
        patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def _framable(response: HttpResponse) -> HttpResponse:
    """Let the party's websites frame this response, and only this one: frame-ancestors from
    the setting instead of 'none', and no X-Frame-Options (it cannot name a site)."""
    response._csp_config = {
        **settings.SECURE_CSP,
        "frame-ancestors": list(settings.PUBLIC_CALENDAR_FRAME_ANCESTORS),
    }
    response.xframe_options_exempt = True
    return response


def _public_url(aktivitet) -> str:
    return reverse("arrangementer:detail", kwargs={"pk": aktivitet.pk})


@login_not_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    """Coming public events grouped by month (or the last 90 days'), filtered by unit and kind.
    ``?innebygd=1``: the compact page for an iframe on the party's websites."""
    today = timezone.localdate()
    embedded = request.GET.get("innebygd") == "1"
    form = ArrangementFilterForm(request.GET or None)
    filters = form.filters()
    events = list(public_events(today=today, **filters))
    shifts = open_shifts(events, today=today)
    for aktivitet in events:
        aktivitet.trenger = sum(vakt.trenger for vakt in shifts.get(aktivitet.pk, []))
    feed_query = f"?lag={filters['lag'].slug}" if filters["lag"] else ""
    response = render(
        request,
        "aktiviteter/arrangementer/liste.html",
        {
            "form": form,
            "months": by_month(events),
            "earlier": filters["earlier"],
            "lag": filters["lag"],
            "embedded": embedded,
            # From SITE_URL, not the request's host: the page is cached for everyone.
            "feed_url": settings.SITE_URL + reverse("arrangementer:ics") + feed_query,
            "page_url": settings.SITE_URL + reverse("arrangementer:list"),
            "frame_ancestors": settings.PUBLIC_CALENDAR_FRAME_ANCESTORS,
        },
    )
    _cacheable(request, response)
    return _framable(response) if embedded else response


@login_not_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One public event; for a stand, the shifts that still need people (never who took
    them). 404 for anything the public calendar does not show."""
    aktivitet = public_event(pk)
    if aktivitet is None:
        raise Http404
    today = timezone.localdate()
    response = render(
        request,
        "aktiviteter/arrangementer/detalj.html",
        {
            "aktivitet": aktivitet,
            "shifts": open_shifts([aktivitet], today=today).get(aktivitet.pk, []),
        },
    )
    return _cacheable(request, response)


def _ics(request: HttpRequest, body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _cacheable(request, response)


@login_not_required
@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """The coming public events as a calendar to subscribe to; ``?lag=<slug>`` for one unit
    (an unknown one: 404, so that a mistyped link does not show every chapter's events)."""
    form = ArrangementFilterForm({"lag": request.GET.get("lag", "")})
    filters = form.filters()
    if request.GET.get("lag") and filters["lag"] is None:
        raise Http404
    name = filters["lag"].navn if filters["lag"] else _("Buskerud Senterparti")
    events = public_events(today=timezone.localdate(), lag=filters["lag"])
    body = calendar_bytes(events, name=name, public_url=_public_url)
    return _ics(request, body, "arrangementer.ics")


@login_not_required
@require_GET
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """«Legg i kalender»: one public event as a file."""
    aktivitet = public_event(pk)
    if aktivitet is None:
        raise Http404
    body = calendar_bytes([aktivitet], name=aktivitet.tittel, public_url=_public_url)
    return _ics(request, body, f"arrangement-{aktivitet.pk}.ics")
