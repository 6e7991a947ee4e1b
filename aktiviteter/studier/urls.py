from django.urls import path

from aktiviteter.studier import views as studier

urlpatterns = [
    path("studier/", studier.course_list, name="course_list"),
    path("studier/ny/", studier.course_create, name="course_create"),
    path("studier/<int:pk>/", studier.course_detail, name="course_detail"),
    path("studier/<int:pk>/endre/", studier.course_edit, name="course_edit"),
    path("studier/<int:pk>/deltaker/", studier.participant_add, name="participant_add"),
    path("studier/<int:pk>/samling/", studier.session_form, name="session_create"),
    path("studier/<int:pk>/samling/<int:samling>/", studier.session_form, name="session_edit"),
    path("studier/<int:pk>/frammoteskjema.xlsx", studier.attendance_xlsx, name="attendance_xlsx"),
    path("studier/<int:pk>/frammoteskjema.pdf", studier.attendance_pdf, name="attendance_pdf"),
]
