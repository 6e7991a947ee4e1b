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
