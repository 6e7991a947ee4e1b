"""/valg/: the elections, the campaign plan, the stand rosters and the results, collected from
the step modules."""

from aktiviteter.valg.views import plan, resultater, vakter, valg

urlpatterns: list = [
    *valg.urlpatterns,
    *plan.urlpatterns,
    *vakter.urlpatterns,
    *resultater.urlpatterns,
]
