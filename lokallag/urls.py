from django.urls import path

from . import views

app_name = "lokallag"
urlpatterns = [
    path("", views.chapter_list, name="list"),
    path("<slug:slug>/", views.chapter_detail, name="detail"),
    path("<slug:slug>/endre/", views.chapter_edit, name="edit"),
    path("<slug:slug>/verv/ny/", views.office_create, name="office_create"),
    path("<slug:slug>/verv/<int:pk>/avslutt/", views.office_end, name="office_end"),
]
