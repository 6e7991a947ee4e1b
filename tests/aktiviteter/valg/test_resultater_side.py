"""The results page: who reads it, the comparison with the election before, the county's
total (exact or estimated), the demo label, the reader's own municipality, and its queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from aktiviteter.valg.resultatvisning import resultatoversikt
from lokallag.models import Rolle
from tests.factories import MedlemFactory, UserFactory, VervFactory

from .resultatdata import KOMMUNER, kommune, resultat, valg

pytestmark = pytest.mark.django_db


@pytest.fixture
def valgene(org):
    org.lag_a.kommunenummer = "3301"
    org.lag_a.save()
    org.lag_b.kommunenummer = "3324"
    org.lag_b.save()
    v19, v23 = valg(2019), valg(2023)
    resultat(v19, "3301", 3000, 50000, "6.00", mandater=3)
    resultat(v19, "3324", 1200, 3000, "40.00", mandater=10)
    resultat(v23, "3301", 3650, 52100, "7.01", mandater=4)
    resultat(v23, "3324", 1100, 2900, "37.93", mandater=9)
    return v19, v23


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("board", 200), ("leader_a", 200), ("leader_b", 200), ("member", 404)],
)
def test_who_reads_the_results(client, personas, valgene, persona, status):
    client.force_login(personas[persona])
    response = client.get(reverse("valg:resultater", args=[valgene[1].pk]))
    assert response.status_code == status


def test_anonymous_is_sent_to_login(client, valgene):
    response = client.get(reverse("valg:resultater", args=[valgene[1].pk]))
    assert response.status_code == 302


def test_a_campaign_committee_member_who_is_no_officer_reads_them(client, org, valgene):
    user = UserFactory(email="valgkamp@test.no")
    medlem = MedlemFactory(epost=user.email, lokallag=org.lag_a, bruker=user)
    VervFactory(medlem=medlem, enhet=org.fylke, rolle=Rolle.VALGKAMPMEDLEM)
    client.force_login(user)
    assert client.get(reverse("valg:resultater", args=[valgene[1].pk])).status_code == 200


def test_change_against_the_election_before(valgene):
    _v19, v23 = valgene
    o = resultatoversikt(v23)
    assert o.forrige_valg == valgene[0]
    drammen = next(r for r in o.rader if r.kommune.nummer == "3301")
    assert drammen.endring.andel == Decimal("1.01")
    assert drammen.endring.stemmer == 650
    assert drammen.endring.mandater == 1
    gol = next(r for r in o.rader if r.kommune.nummer == "3324")
    assert gol.endring.andel == Decimal("-2.07")
    assert gol.endring.retning == "ned"
    assert gol.endring.andel_tekst == "−2,1"
    # The county: the votes over all valid votes, exactly.
    assert not o.fylke.anslatt
    assert o.fylke.andel == Decimal("8.64")  # 4750 / 55000 = 8.636
    assert o.forrige_fylke.andel == Decimal("7.92")  # 4200 / 53000 = 7.925
    assert o.fylke_endring.andel == Decimal("0.72")
    assert o.fylke.mandater == 13


def test_county_share_estimated_when_valid_votes_are_missing(valgene, client, admin_user):
    _v19, v23 = valgene
    resultat(v23, "3328", 1000, None, "25.00")  # 4000 valid votes, estimated
    o = resultatoversikt(v23)
    assert o.fylke.anslatt
    assert o.fylke.godkjente == 59000
    assert o.fylke.andel == Decimal("9.75")  # 5750 / 59000
    client.force_login(admin_user)
    page = client.get(reverse("valg:resultater", args=[v23.pk])).content.decode()
    assert "Fylkets oppslutning er anslått" in page


def test_first_election_of_its_type_has_nothing_to_compare(valgene, client, admin_user):
    v19, _v23 = valgene
    o = resultatoversikt(v19)
    assert o.forrige_valg is None
    assert all(r.endring.andel is None for r in o.rader)
    client.force_login(admin_user)
    page = client.get(reverse("valg:resultater", args=[v19.pk])).content.decode()
    assert "ikke noe tidligere valg av samme type" in page


def test_demo_rows_are_labelled(valgene, client, board_user):
    _v19, v23 = valgene
    resultat(v23, "3328", 900, 3000, "30.00", demo=True)
    client.force_login(board_user)
    page = client.get(reverse("valg:resultater", args=[v23.pk])).content.decode()
    assert page.count("Demotall") == 1
    assert "Noen av tallene er demotall" in page


def test_no_demo_notice_for_real_figures(valgene, client, board_user):
    client.force_login(board_user)
    page = client.get(reverse("valg:resultater", args=[valgene[1].pk])).content.decode()
    assert "Demotall" not in page
    assert "demotall" not in page


def test_an_officer_sees_their_municipality_highlighted(valgene, client, leader_b):
    client.force_login(leader_b)
    response = client.get(reverse("valg:resultater", args=[valgene[1].pk]))
    rows = {r.kommune.nummer: r.uthevet for r in response.context["oversikt"].rader}
    assert rows == {"3301": False, "3324": True}
    assert "ditt lag" in response.content.decode()
    # Editing is the admins': no buttons for the leader.
    assert reverse("valg:resultat_ny", args=[valgene[1].pk]) not in response.content.decode()


def test_page_queries_do_not_grow_with_the_rows(
    valgene, client, admin_user, django_assert_max_num_queries
):
    _v19, v23 = valgene
    client.force_login(admin_user)
    url = reverse("valg:resultater", args=[v23.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for nummer in ("3328", "3314", "3330"):
        resultat(valgene[0], nummer, 500, 2000, "25.00")
        resultat(v23, nummer, 600, 2000, "30.00")
    assert set(KOMMUNER) <= {r.kommune.nummer for r in resultatoversikt(v23).rader}
    with django_assert_max_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200


def test_unknown_election_is_404(client, admin_user, valgene):
    client.force_login(admin_user)
    assert client.get(reverse("valg:resultater", args=[999999])).status_code == 404


def test_kommune_helper_finds_seeded_rows(db):
    assert kommune("3324").navn == "Gol"
