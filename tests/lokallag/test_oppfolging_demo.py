"""The demo data makes the follow-up pages alive after `make run`."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from aktiviteter.aktivitet.models import Aktivitet
from buskerud_sp.core.periods import half_year
from buskerud_sp.demodata import load_oppfolging
from lokallag.models import ByEllerBygd, Lokallag
from lokallag.oppfolging import selectors
from lokallag.oppfolging.models import Besok, Medieoppslag, Medvert, Oppfolging
from lokallag.oppfolging.selectors import visits_by_chapter

pytestmark = pytest.mark.django_db


def test_the_demo_follows_up_the_chapters(client, demo_org):
    towns = Lokallag.objects.filter(by_eller_bygd=ByEllerBygd.BY)
    assert set(towns.values_list("slug", flat=True)) == {"drammen", "kongsberg", "ringerike"}

    berit = get_user_model().objects.get(email="styre@demo.buskerudsp.no")
    mine = {c.slug: c for c in selectors.my_chapters(berit)}
    # The district representative of Midt-Buskerud, and Flå that the board gave her.
    assert set(mine) == {"modum", "sigdal", "krodsherad", "fla"}
    assert "Mangler leder" in mine["fla"].varsler
    assert "Ingen kontakt på 8 uker" in mine["sigdal"].varsler
    assert mine["krodsherad"].forfalte_oppfolginger == 1
    assert selectors.open_follow_ups_for(berit).count() == 2

    assert Medvert.objects.values("aktivitet").distinct().count() == 3
    start, end = half_year(timezone.localdate())
    rows = visits_by_chapter(berit, start, end)
    assert any(r.visited for r in rows) and any(not r.visited for r in rows)
    assert any(r.planned for r in rows)
    assert Medieoppslag.objects.count() > 10

    counts = (Oppfolging.objects.count(), Besok.objects.count(), Aktivitet.objects.count())
    load_oppfolging()
    assert (Oppfolging.objects.count(), Besok.objects.count(), Aktivitet.objects.count()) == counts

    client.force_login(berit)
    home = client.get("/").content.decode()
    assert "Mine lokallag" in home and "Krødsherad Senterparti" in home
