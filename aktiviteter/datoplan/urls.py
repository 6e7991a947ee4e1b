from django.urls import path

from aktiviteter.datoplan import views as datoplan

urlpatterns = [
    path("", datoplan.index, name="index"),
    path("datoplan.pdf", datoplan.plan_pdf, name="pdf"),
    path("ny/", datoplan.item_create, name="create"),
    path("<int:pk>/endre/", datoplan.item_edit, name="edit"),
    path("<int:pk>/avlys/", datoplan.item_cancel, name="cancel"),
    path("<int:pk>/gjenopprett/", datoplan.item_reopen, name="reopen"),
    path("<int:pk>/avholdt/", datoplan.item_held, name="held"),
    path("versjoner/", datoplan.versions, name="versions"),
]
