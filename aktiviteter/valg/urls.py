"""/valg/: the elections, the campaign plan, the stand rosters and the results, collected from
the step modules."""

urlpatterns: list = []
