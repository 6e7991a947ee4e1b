from django.urls import path

from . import views

app_name = "lokallag"
urlpatterns = [
    path("", views.chapter_list, name="list"),
    path("<slug:slug>/", views.chapter_detail, name="detail"),
]
