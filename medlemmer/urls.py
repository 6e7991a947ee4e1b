from django.urls import path

from . import views

app_name = "medlemmer"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("eksport.csv", views.member_export, name="export"),
    path("import/", views.member_import, name="import"),
    path("import/<int:pk>/", views.member_import_detail, name="import_detail"),
]
