"""The user's secret iCal link, and the feed itself (reached without logging in)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from aktiviteter.aktivitet import services
from aktiviteter.aktivitet.ical import calendar_bytes, feed_events, feed_window
from aktiviteter.aktivitet.models import Aktivitet, Kalendernokkel
from buskerud_sp.core.permissions import activity_access_required
from lokallag.models import Lokallag


@activity_access_required
def calendar_link(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.kalendernokkel_forny(bruker=request.user)
        messages.success(request, _("Ny kalenderlenke er laget. Den gamle virker ikke lenger."))
        return redirect("aktiviteter:calendar_link")
    key = services.kalendernokkel_for(request.user)
    feed = request.build_absolute_uri(key.get_absolute_url())
    units = Lokallag.objects.visible_to(request.user).order_by("niva", "navn")
    return render(
        request,
        "aktiviteter/aktivitet/kalenderlenke.html",
        {
            "feed": feed,
            "webcal": "webcal://" + feed.split("://", 1)[-1],
            "units": units,
        },
    )


@login_not_required
@never_cache
@require_GET
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """What the key's owner may see now (access follows their current offices). An unknown or
    renewed key, or an inactive user, gives 404. ``?lag=<slug>`` narrows to one unit."""
    key = get_object_or_404(
        Kalendernokkel.objects.select_related("bruker"), token=token, bruker__is_active=True
    )
    user = key.bruker
    first, last = feed_window()
    activities = (
        Aktivitet.objects.visible_to(user)
        .filter(dato__range=(first, last))
        .select_related("enhet")
        .order_by("dato", "starttid")
    )
    name = _("Buskerud Senterparti")
    slug = request.GET.get("lag")
    unit = None
    if slug:
        unit = Lokallag.objects.visible_to(user).filter(slug=slug).first()
        if unit is None:
            raise Http404
        activities = activities.filter(enhet=unit)
        name = unit.navn
    response = HttpResponse(
        calendar_bytes(activities, name=name, events=feed_events(user, first, last, unit)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="aktiviteter.ics"'
    return response
