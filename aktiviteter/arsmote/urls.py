"""/arsmote/: the overview and each meeting's steps, collected from the step modules."""

from aktiviteter.arsmote.views import arsmelding, delegater, innkalling, syklus, valg

urlpatterns = [
    *syklus.urlpatterns,
    *innkalling.urlpatterns,
    *arsmelding.urlpatterns,
    *valg.urlpatterns,
    *delegater.urlpatterns,
]
