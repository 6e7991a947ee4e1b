from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from django.contrib import admin
from django.urls import include, path

from . import account_email, views

urlpatterns = [
    path("", views.home, name="home"),
    path("helse/", views.health, name="health"),
    path("revisjon/", views.audit_trail, name="audit"),
    path("i18n/sprak/", views.set_language, name="set_language"),
    # A member's signed link from a mail (the annual meeting's papers, later answers).
    path("svar/<str:token>/", views.svar, name="svar"),
    # Before allauth's own: the e-mail page with the portal's rules (account_email.py).
    path("konto/email/", account_email.email, name="account_email"),
    path("konto/", include("allauth.urls")),
    path("lokallag/", include("lokallag.urls")),
    path("medlemmer/", include("medlemmer.urls")),
    # /aktiviteter/, /dashbord/, /datoplan/ and the iCal feed /kalender/<token>.ics.
    path("", include("aktiviteter.urls")),
    path("oppfolging/", include("lokallag.oppfolging.urls")),
    path("admin/", admin.site.urls),
    # The mail provider's delivery events (bounces, complaints): anymail's own view, URL and
    # name, but only the one provider the portal uses (anymail.urls would open every
    # provider's). Basic auth and Mailgun's signature, no login (the view is login_not_required).
    path(
        "anymail/",
        include(
            (
                [
                    path(
                        "mailgun/tracking/",
                        MailgunTrackingWebhookView.as_view(),
                        name="mailgun_tracking_webhook",
                    )
                ],
                "anymail",
            )
        ),
    ),
]

handler404 = "buskerud_sp.views.page_not_found"
handler500 = "buskerud_sp.views.server_error"
