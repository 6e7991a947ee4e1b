"""The demo's date plan: the seed's timeline in the current year, and the default rules."""

import pytest
from django.utils import timezone

from aktiviteter.datoplan.models import Datoplan, Datoplanversjon
from aktiviteter.paaminnelser.models import Paaminnelsesregel, Regeltype
from buskerud_sp.demodata import load_all

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_seeds_date_plan_and_the_default_rules(demo_org):
    plan = Datoplan.objects.get(aar=timezone.localdate().year)
    titles = {
        fase: [p.tittel for p in plan.punkter.order_by("fra_dato") if p.sommerfase == fase]
        for fase in ("for", "etter")
    }
    assert sorted(titles["for"]) == sorted(
        [
            "Oppstart valgkamp",
            "Reiserunde i lokallaga",
            "Kandidatskolering",
            "Kurs i mediearbeid",
            "Lokallagsledersamling",
            "Valgkampåpning",
        ]
    )
    assert titles["etter"] == ["Valgkamp", "Samling for nye folkevalgte", "Lokallagsledersamling"]
    assert plan.versjoner.exists()
    rules = Paaminnelsesregel.objects.all()
    assert {r.nokkel for r in rules} == set(Regeltype.values)
    monday = rules.get(nokkel=Regeltype.TIRSDAG_KVELDEN_FOR)
    assert (monday.dager, monday.klokkeslett.hour) == (1, 18)

    versions = Datoplanversjon.objects.count()
    load_all(password="demo-passord-2024")
    assert plan.punkter.count() == 9 and Datoplanversjon.objects.count() == versions
