"""The lists' unsubscribe link: /utsendinger/avmeld/<signed token>/. GET asks (link scanners
must not unsubscribe anyone); POST unsubscribes, from the page's button or from the mail
program's one-click unsubscribe (RFC 8058: a POST with ``List-Unsubscribe=One-Click``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from aktiviteter.utsendinger.services.avmelding import fra_token, liste_avmeld
from buskerud_sp.core.audit import client_ip


@login_not_required
@never_cache
@csrf_exempt  # the signed token is the credential; mail programs post one-click unsubscribes
@require_http_methods(["GET", "POST"])
def avmeld(request: HttpRequest, token: str) -> HttpResponse:
    avmelding = fra_token(token)
    if avmelding is None:
        raise Http404
    done = False
    if request.method == "POST":
        liste_avmeld(avmelding=avmelding, ip=client_ip(request))
        done = True
    return render(
        request,
        "aktiviteter/utsendinger/avmelding.html",
        {"avmelding": avmelding, "done": done, "already": not done and not avmelding.paameldt},
    )


urlpatterns = [path("avmeld/<str:token>/", avmeld, name="avmeld")]
