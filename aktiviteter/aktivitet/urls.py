from django.urls import path

from aktiviteter.aktivitet.views import adhoc, aktiviteter, kalender

urlpatterns = [
    path("", aktiviteter.activity_list, name="list"),
    path("ny/", aktiviteter.activity_create, name="create"),
    path("kalender/", aktiviteter.activity_calendar, name="calendar"),
    path("kalenderlenke/", kalender.calendar_link, name="calendar_link"),
    path("medlemssok/", aktiviteter.member_search, name="member_search"),
    path("<int:pk>/", aktiviteter.activity_detail, name="detail"),
    path("<int:pk>/endre/", aktiviteter.activity_edit, name="edit"),
    path("<int:pk>/gjennomfort/", aktiviteter.activity_result, name="result"),
    path("<int:pk>/slett/", aktiviteter.activity_delete, name="delete"),
]
group_urlpatterns = [
    path("grupper/", adhoc.group_list, name="group_list"),
    path("grupper/ny/", adhoc.group_create, name="group_create"),
    path("grupper/<int:pk>/", adhoc.group_detail, name="group_detail"),
    path("grupper/<int:pk>/endre/", adhoc.group_edit, name="group_edit"),
]
# The feed sits at /kalender/<token>.ics (outside /aktiviteter/, no namespace).
feed_urlpatterns = [
    path("kalender/<str:token>.ics", kalender.ical_feed, name="kalender_feed"),
]
