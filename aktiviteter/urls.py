"""The app's pages, collected from its slices. Paths and URL names are those from before the
slices: ``aktiviteter:`` under /aktiviteter/ (with the chapters' follow-up, which lokallag
owns), ``dashbord:`` under /dashbord/, ``datoplan:`` under /datoplan/ (the date plan, and the
reminders' rules, deliveries and the plan's publication), and the iCal feed."""

from django.urls import include, path

from aktiviteter.aktivitet import urls as aktivitet
from aktiviteter.arrangementer import urls as arrangementer
from aktiviteter.arsmote import urls as arsmote
from aktiviteter.dashbord import urls as dashbord
from aktiviteter.datoplan import urls as datoplan
from aktiviteter.paaminnelser import urls as paaminnelser
from aktiviteter.studier import urls as studier
from aktiviteter.utsendinger import urls as utsendinger
from aktiviteter.valg import urls as valg
from lokallag.oppfolging.urls import activity_urlpatterns as follow_up_urlpatterns

activity_urlpatterns = [
    *aktivitet.urlpatterns,
    # The chapters' follow-up: visits from the county, co-hosts, media appearances.
    *follow_up_urlpatterns,
    *studier.urlpatterns,
    *aktivitet.group_urlpatterns,
]

urlpatterns = [
    path("aktiviteter/", include((activity_urlpatterns, "aktiviteter"))),
    path("dashbord/", include((dashbord.urlpatterns, "dashbord"))),
    path("arsmote/", include((arsmote.urlpatterns, "arsmote"))),
    path("utsendinger/", include((utsendinger.urlpatterns, "utsendinger"))),
    path("valg/", include((valg.urlpatterns, "valg"))),
    path("datoplan/", include((datoplan.urlpatterns + paaminnelser.urlpatterns, "datoplan"))),
    *aktivitet.feed_urlpatterns,
    # The public calendar at /arrangementer/ and /arrangementer.ics (no namespace prefix in
    # the path; URL names ``arrangementer:…``).
    path("", include((arrangementer.urlpatterns, "arrangementer"))),
]
