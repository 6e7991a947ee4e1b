"""The result on the dashboards and the chapter page: the ``VALGRESULTAT`` source (the county's
share at the plan year's election, each chapter its municipality's), a target set on it by an
admin and judged, the comparison panel, the chapter page's results, and flat query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from aktiviteter.dashbord.models import Maal, Maalart, Maaling
from aktiviteter.dashbord.scope import build_scope
from aktiviteter.dashbord.selectors import county_dashboard
from aktiviteter.dashbord.sources import SOURCES
from aktiviteter.dashbord.status import Tilstand
from aktiviteter.valg.resultatvisning import lokallagsresultater
from tests.aktiviteter.rhythm import at
from tests.factories import LokallagFactory

from .resultatdata import KOMMUNER, kommune, resultat, valg

pytestmark = pytest.mark.django_db

D = datetime.date
AFTER_2023 = at(2023, 11, 30, 12, 0)


@pytest.fixture
def valgene(org):
    org.lag_a.kommunenummer = "3301"
    org.lag_a.save()
    org.lag_b.kommunenummer = "0617"  # Gol's number before 2020 still finds it
    org.lag_b.save()
    v19, v23 = valg(2019), valg(2023)
    resultat(v19, "3301", 3000, 50000, "6.00", mandater=3)
    resultat(v19, "3324", 1200, 3000, "40.00", mandater=10)
    resultat(v23, "3301", 3650, 52100, "7.01", mandater=4)
    resultat(v23, "3324", 1100, 2900, "37.93", mandater=9)
    return v19, v23


def _maal(aar: int, verdi: str) -> Maal:
    maal = Maal(
        aar=aar,
        navn="Oppslutning ved valget",
        maaling=Maaling.VALGRESULTAT,
        art=Maalart.ANTALL,
        maalverdi=Decimal(verdi),
    )
    maal.full_clean()
    maal.save()
    return maal


def test_the_source_measures_the_countys_share_and_each_chapters_municipality(org, valgene):
    maal = _maal(2023, "8.0")
    m = SOURCES[Maaling.VALGRESULTAT](maal, build_scope(2023, D(2023, 11, 30)))
    assert m.value == Decimal("8.6")  # 4750 / 55000
    assert m.chapters[org.lag_a.pk].value == Decimal("7.0")
    assert m.chapters[org.lag_b.pk].value == Decimal("37.9")
    assert (m.chapters[org.lag_b.pk].num, m.chapters[org.lag_b.pk].den) == (1100, 2900)
    assert [p.label for p in m.series] == ["2019", "2023"]
    assert any("Forrige valg" in n and "7,9" in n for n in m.notes)


def test_a_target_on_the_result_is_judged_on_the_dashboard(org, valgene):
    with time_machine.travel(AFTER_2023, tick=False):
        maal = _maal(2023, "8.0")
        (r,) = county_dashboard(2023, D(2023, 11, 30)).results
        assert r.tilstand == Tilstand.NAADD
        assert r.value_text == "8,6\u00a0%"
        maal.maalverdi = Decimal("9.0")
        maal.save()  # a new data version: the figures are measured again
        (r,) = county_dashboard(2023, D(2023, 11, 30)).results
        assert r.tilstand == Tilstand.BAK


def test_an_admin_sets_the_target_on_the_targets_page(client, admin_user, valgene):
    client.force_login(admin_user)
    response = client.post(
        reverse("dashbord:maal_create"),
        {
            "aar": 2027,
            "navn": "Oppslutning 2027",
            "maaling": Maaling.VALGRESULTAT,
            "art": Maalart.ANTALL,
            "maalverdi": "12.0",
            "periode": "aar",
            "rekkefolge": 100,
            "aktiv": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    maal = Maal.objects.get(aar=2027)
    assert maal.maalverdi == Decimal("12.0")


def test_the_target_before_election_day_is_not_yet_measured(org, valgene):
    v27 = valg(2027)
    maal = _maal(2027, "12.0")
    m = SOURCES[Maaling.VALGRESULTAT](maal, build_scope(2027, D(2027, 3, 1)))
    assert m.value is None
    assert any("ingen resultater" in n for n in m.notes)
    assert v27.forrige() == valgene[1]
    # A year without an election cannot be measured at all.
    m = SOURCES[Maaling.VALGRESULTAT](_maal(2026, "12.0"), build_scope(2026, D(2026, 3, 1)))
    assert m.measurable is False


def test_demo_figures_are_named_in_the_targets_notes(org, valgene):
    resultat(valgene[1], "3328", 900, 3000, "30.00", demo=True)
    m = SOURCES[Maaling.VALGRESULTAT](_maal(2023, "8"), build_scope(2023, D(2023, 11, 30)))
    assert any("Demotall" in n for n in m.notes)


def test_the_source_queries_do_not_grow(org, valgene, django_assert_num_queries):
    maal = _maal(2023, "8.0")
    scope = build_scope(2023, D(2023, 11, 30))
    with django_assert_num_queries(4):
        SOURCES[Maaling.VALGRESULTAT](maal, scope)
    for nummer in ("3328", "3314", "3330"):
        LokallagFactory(kommunenummer=nummer, distrikt=org.distrikt_b)
        resultat(valgene[0], nummer, 500, 2000, "25.00")
        resultat(valgene[1], nummer, 600, 2000, "30.00")
    scope = build_scope(2023, D(2023, 11, 30))
    with django_assert_num_queries(4):
        m = SOURCES[Maaling.VALGRESULTAT](maal, scope)
    assert len(m.chapters) == 5


def test_the_county_dashboard_shows_the_comparison_panel(client, board_user, valgene):
    with time_machine.travel(AFTER_2023, tick=False):
        client.force_login(board_user)
        page = client.get(reverse("dashbord:index") + "?aar=2023").content.decode()
    assert "Valgresultatet: Kommunestyre- og fylkestingsvalg 2023" in page
    assert "Størst framgang" in page and "Størst tilbakegang" in page
    # Drammen moved up 1.0 points, Gol down 2.1.
    framgang = page[page.index("Størst framgang") : page.index("Størst tilbakegang")]
    assert "Drammen" in framgang and "Gol" not in framgang
    assert "−2,1" in page


def test_a_chapters_dashboard_shows_its_municipality(client, leader_b, valgene):
    with time_machine.travel(AFTER_2023, tick=False):
        client.force_login(leader_b)
        page = client.get(reverse("dashbord:index") + "?aar=2023").content.decode()
    assert "Valgresultatet" in page
    assert "Gol" in page and "37,9" in page


def test_no_panel_before_any_election_with_results(client, board_user, org):
    with time_machine.travel(AFTER_2023, tick=False):
        client.force_login(board_user)
        page = client.get(reverse("dashbord:index") + "?aar=2023").content.decode()
    assert "Valgresultatet" not in page


def test_the_chapter_page_shows_its_municipalitys_results(client, leader_b, valgene):
    client.force_login(leader_b)
    response = client.get(reverse("lokallag:detail", args=["gol"]))
    page = response.content.decode()
    assert "Valgresultater i Gol" in page
    assert "37,9" in page
    assert "Endring fra 2019: −2,1 prosentpoeng, −100 stemmer" in page
    assert reverse("valg:resultater", args=[valgene[1].pk]) in page
    assert "Demotall" not in page


def test_the_chapter_page_labels_demo_figures(client, leader_b, valgene):
    valgene[1].resultater.filter(kommune__nummer="3324").update(demo=True)
    client.force_login(leader_b)
    page = client.get(reverse("lokallag:detail", args=["gol"])).content.decode()
    assert "Demotall" in page


def test_the_latest_of_each_election_type_is_shown(org, valgene):
    st21 = valg(2021, "storting")
    resultat(st21, "3324", 1500, 3000, "50.00")
    data = lokallagsresultater(org.lag_b)
    assert [k.resultat.valg for k in data.resultater] == [valgene[1], st21]
    assert data.resultater[1].forrige is None  # no Storting election before 2021 here


def test_a_chapter_without_a_municipality_has_no_results_box(client, admin_user, org, valgene):
    org.lag_b.kommunenummer = ""
    org.lag_b.save()
    client.force_login(admin_user)
    page = client.get(reverse("lokallag:detail", args=["gol"])).content.decode()
    assert "Valgresultater i" not in page


def test_the_chapter_pages_results_take_three_queries(org, valgene, django_assert_num_queries):
    with django_assert_num_queries(3):
        lokallagsresultater(org.lag_b)
    for aar in (2007, 2011, 2015):
        resultat(valg(aar), "3324", 1000, 3000, "33.33")
    for nummer in KOMMUNER:
        kommune(nummer)
    with django_assert_num_queries(3):
        data = lokallagsresultater(org.lag_b)
    assert data.resultater[0].forrige.valg == valgene[0]


def test_the_figures_refresh_when_a_result_is_entered(org, valgene):
    with time_machine.travel(AFTER_2023, tick=False):
        _maal(2023, "8.0")
        (r,) = county_dashboard(2023, D(2023, 11, 30)).results
        assert r.measurement.value == Decimal("8.6")
        resultat(valgene[1], "3328", 2000, 3000, "66.67")
        (r,) = county_dashboard(2023, D(2023, 11, 30)).results
        assert r.measurement.value == Decimal("11.6")  # 6750 / 58000 = 11.64
