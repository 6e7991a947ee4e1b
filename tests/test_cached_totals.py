"""The list totals kept per data version (buskerud_sp.core.dataversion.cached) are kept per access:
one chapter's leader never sees another chapter's counts, whoever looked first."""

import pytest

from aktiviteter.aktivitet.selectors import filtered_activities
from medlemmer.selectors import filtered_members
from tests.factories import AktivitetFactory, MedlemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chapters(org):
    MedlemFactory.create_batch(3, lokallag=org.lag_a)
    MedlemFactory(lokallag=org.lag_b)
    AktivitetFactory.create_batch(2, enhet=org.lag_a)
    AktivitetFactory(enhet=org.lag_b)


def test_the_member_list_counts_are_each_leaders_own(client, chapters, leader_a, leader_b):
    seen = {}
    for user in (leader_a, leader_b, leader_a):
        client.force_login(user)
        response = client.get("/medlemmer/")
        assert response.context["counts"]["total"] == filtered_members(user, {}).count()
        assert response.context["page"].paginator.count == response.context["counts"]["total"]
        seen.setdefault(user.pk, response.context["counts"]["total"])
    assert seen[leader_a.pk] != seen[leader_b.pk]


def test_the_activity_list_totals_are_each_leaders_own(client, chapters, leader_a, leader_b):
    seen = {}
    for user in (leader_a, leader_b, leader_a):
        client.force_login(user)
        response = client.get("/aktiviteter/")
        assert response.context["totals"]["antall"] == filtered_activities(user, {}).count()
        assert len(response.context["page"].object_list) == response.context["totals"]["antall"]
        seen.setdefault(user.pk, response.context["totals"]["antall"])
    assert seen[leader_a.pk] != seen[leader_b.pk]


def test_an_empty_list_counts_nothing(client, org, leader_a):
    client.force_login(leader_a)
    response = client.get("/aktiviteter/?type=stand")
    assert response.status_code == 200
    assert response.context["totals"]["antall"] == 0
    assert list(response.context["page"].object_list) == []


def test_the_activity_list_rows_are_each_leaders_own_and_follow_a_change(
    client, org, chapters, leader_a, leader_b
):
    """The list's rows are rendered once per data version, per access, filter, page,
    language and day (aktiviteter.aktivitet.views): another leader's rows are never served,
    and a change shows at once."""
    own = AktivitetFactory(enhet=org.lag_a, tittel="Eget medlemsmøte")
    for user, shown in ((leader_a, True), (leader_b, False), (leader_a, True)):
        client.force_login(user)
        body = client.get("/aktiviteter/").content.decode()
        assert ("Eget medlemsmøte" in body) is shown
        # Kept rows and filter fields come back as markup, not as escaped text.
        assert "&lt;tr" not in body and "&lt;select" not in body and "&lt;label" not in body
    assert "<td" in body and '<select name="lokallag"' in body
    own.tittel = "Omdøpt medlemsmøte"
    own.save()
    html = client.get("/aktiviteter/").content.decode()
    assert "Omdøpt medlemsmøte" in html
    assert "Eget medlemsmøte" not in html
