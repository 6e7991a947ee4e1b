from django.urls import path

from . import views

app_name = "medlemmer"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("<int:pk>/", views.member_detail, name="detail"),
]
