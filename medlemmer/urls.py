from django.urls import path

from . import views
from .forslag import views as forslag

app_name = "medlemmer"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("ny/", views.member_create, name="create"),
    path("forslag/", forslag.forslag_list, name="forslag_list"),
    path("forslag/ny/", forslag.forslag_create, name="forslag_create"),
    path("forslag/<int:pk>/", forslag.forslag_detail, name="forslag_detail"),
    path("forslag/<int:pk>/godkjenn/", forslag.forslag_godkjenn_view, name="forslag_godkjenn"),
    path("forslag/<int:pk>/avvis/", forslag.forslag_avvis_view, name="forslag_avvis"),
    path("personvern/", views.retention, name="retention"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/endre/", views.member_edit, name="edit"),
    path("<int:pk>/utmelding/", views.member_end, name="end"),
    path("<int:pk>/inviter/", views.member_invite, name="invite"),
    path("<int:pk>/innsyn/", views.member_data_export, name="data_export"),
    path(
        "<int:pk>/innsyn.json", views.member_data_export, {"fmt": "json"}, name="data_export_json"
    ),
    path("<int:pk>/innsyn.txt", views.member_data_export, {"fmt": "txt"}, name="data_export_text"),
    path("<int:pk>/anonymiser/", views.member_erase, name="erase"),
    path("eksport.csv", views.member_export, name="export"),
    path("import/", views.member_import, name="import"),
    path("import/<int:pk>/", views.member_import_detail, name="import_detail"),
]
