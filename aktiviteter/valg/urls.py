"""/valg/: the elections, the campaign plan, the stand rosters and the results, collected from
the step modules."""

from aktiviteter.valg.views import vakter

urlpatterns: list = [*vakter.urlpatterns]
