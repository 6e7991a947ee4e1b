"""The public calendar: /arrangementer/ and /arrangementer.ics, no login."""

from django.urls import path

from aktiviteter.arrangementer import views

urlpatterns = [
    path("arrangementer/", views.event_list, name="list"),
    path("arrangementer.ics", views.feed, name="ics"),
    path("arrangementer/<int:pk>/", views.event_detail, name="detail"),
    path("arrangementer/<int:pk>/arrangement.ics", views.event_ics, name="event_ics"),
]
