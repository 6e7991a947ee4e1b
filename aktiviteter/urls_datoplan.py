from django.urls import path

from .views import datoplan, paaminnelser

app_name = "datoplan"
urlpatterns = [
    path("", datoplan.index, name="index"),
    path("datoplan.pdf", datoplan.plan_pdf, name="pdf"),
    path("ny/", datoplan.item_create, name="create"),
    path("<int:pk>/endre/", datoplan.item_edit, name="edit"),
    path("<int:pk>/avlys/", datoplan.item_cancel, name="cancel"),
    path("<int:pk>/gjenopprett/", datoplan.item_reopen, name="reopen"),
    path("<int:pk>/avholdt/", datoplan.item_held, name="held"),
    path("versjoner/", datoplan.versions, name="versions"),
    path("send/", datoplan.publish, name="publish"),
    path("utsendinger/", datoplan.log, name="log"),
    path("regler/", paaminnelser.rules, name="rules"),
    path("regler/<int:pk>/", paaminnelser.rule_edit, name="rule_edit"),
    path("paaminnelser/", paaminnelser.deliveries, name="deliveries"),
    path("paaminnelser/<int:pk>/prov-igjen/", paaminnelser.delivery_retry, name="retry"),
    path("avmelding/<str:token>/", paaminnelser.unsubscribe, name="unsubscribe"),
]
