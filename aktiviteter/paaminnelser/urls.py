from django.urls import path

from aktiviteter.paaminnelser import views as paaminnelser

# Under /datoplan/ in the namespace «datoplan», as before the slices.
urlpatterns = [
    path("send/", paaminnelser.publish, name="publish"),
    path("utsendinger/", paaminnelser.log, name="log"),
    path("regler/", paaminnelser.rules, name="rules"),
    path("regler/<int:pk>/", paaminnelser.rule_edit, name="rule_edit"),
    path("paaminnelser/", paaminnelser.deliveries, name="deliveries"),
    path("paaminnelser/<int:pk>/prov-igjen/", paaminnelser.delivery_retry, name="retry"),
    path("avmelding/<str:token>/", paaminnelser.unsubscribe, name="unsubscribe"),
]
