from django.urls import path

from aktiviteter.dashbord import views as dashbord

urlpatterns = [
    path("", dashbord.dashboard, name="index"),
    path("dashbord.pdf", dashbord.dashboard_pdf, name="pdf"),
    path("arsmelding.pdf", dashbord.aarsmelding_pdf, name="aarsmelding"),
    path("maal/", dashbord.maal_list, name="maal_list"),
    path("maal/ny/", dashbord.maal_create, name="maal_create"),
    path("maal/standard/", dashbord.maal_defaults, name="maal_defaults"),
    path("maal/<int:pk>/", dashbord.maal_detail, name="maal_detail"),
    path("maal/<int:pk>/endre/", dashbord.maal_edit, name="maal_edit"),
]
