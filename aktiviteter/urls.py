from django.urls import path

from lokallag.oppfolging.urls import activity_urlpatterns as follow_up_urlpatterns

from .views import adhoc, aktiviteter, kalender, studier

app_name = "aktiviteter"
urlpatterns = [
    path("", aktiviteter.activity_list, name="list"),
    path("ny/", aktiviteter.activity_create, name="create"),
    path("kalender/", aktiviteter.activity_calendar, name="calendar"),
    path("kalenderlenke/", kalender.calendar_link, name="calendar_link"),
    path("medlemssok/", aktiviteter.member_search, name="member_search"),
    path("<int:pk>/", aktiviteter.activity_detail, name="detail"),
    path("<int:pk>/endre/", aktiviteter.activity_edit, name="edit"),
    path("<int:pk>/gjennomfort/", aktiviteter.activity_result, name="result"),
    path("<int:pk>/slett/", aktiviteter.activity_delete, name="delete"),
    # The chapters' follow-up: visits from the county, co-hosts, media appearances.
    *follow_up_urlpatterns,
    path("studier/", studier.course_list, name="course_list"),
    path("studier/ny/", studier.course_create, name="course_create"),
    path("studier/<int:pk>/", studier.course_detail, name="course_detail"),
    path("studier/<int:pk>/endre/", studier.course_edit, name="course_edit"),
    path("studier/<int:pk>/deltaker/", studier.participant_add, name="participant_add"),
    path("studier/<int:pk>/samling/", studier.session_form, name="session_create"),
    path("studier/<int:pk>/samling/<int:samling>/", studier.session_form, name="session_edit"),
    path("studier/<int:pk>/frammoteskjema.xlsx", studier.attendance_xlsx, name="attendance_xlsx"),
    path("studier/<int:pk>/frammoteskjema.pdf", studier.attendance_pdf, name="attendance_pdf"),
    path("grupper/", adhoc.group_list, name="group_list"),
    path("grupper/ny/", adhoc.group_create, name="group_create"),
    path("grupper/<int:pk>/", adhoc.group_detail, name="group_detail"),
    path("grupper/<int:pk>/endre/", adhoc.group_edit, name="group_edit"),
]
