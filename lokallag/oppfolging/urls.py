from django.urls import path

from . import views

app_name = "oppfolging"
urlpatterns = [
    path("", views.my_chapters, name="mine"),
    path("alle/", views.county_overview, name="overview"),
    path("by-og-bygd/", views.town_and_village, name="town_and_village"),
    path("ny/", views.entry_create, name="create"),
    path("lag/<slug:slug>/", views.chapter_log, name="chapter"),
    path("lag/<slug:slug>/ansvar/", views.chapter_settings, name="chapter_settings"),
    path("<int:pk>/", views.entry_detail, name="detail"),
    path("<int:pk>/endre/", views.entry_edit, name="edit"),
    path("<int:pk>/utfort/", views.entry_done, name="done"),
]

# Visits from the county, co-hosts and media appearances keep their addresses under
# /aktiviteter/ and their names in that namespace: aktiviteter/urls.py includes these.
activity_urlpatterns = [
    path("<int:pk>/besok/", views.visit_add, name="visit_add"),
    path("<int:pk>/besok/<int:besok>/slett/", views.visit_delete, name="visit_delete"),
    path("<int:pk>/medarrangorer/", views.cohosts, name="cohosts"),
    path("besok/", views.visit_overview, name="visits"),
    path("besok/planlegg/", views.tour_plan, name="tour_plan"),
    path("medier/", views.media_list, name="media_list"),
    path("medier/ny/", views.media_create, name="media_create"),
    path("medier/<int:pk>/endre/", views.media_edit, name="media_edit"),
    path("medier/<int:pk>/slett/", views.media_delete, name="media_delete"),
]
