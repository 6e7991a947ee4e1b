"""The dashboard's target cards are kept rendered per data version (like the chapter tables):
a change shows new figures at once, and two viewers whose scope differs (the county, one
chapter, another chapter) never get each other's cards."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from aktiviteter.dashbord import selectors
from aktiviteter.dashbord.defaults import maal_opprett_standard
from aktiviteter.dashbord.models import Maal
from tests.factories import MedlemFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dashboard_morning")]
D = datetime.date


@pytest.fixture
def nye_medlemmer(org):
    maal_opprett_standard(aar=2026)
    return Maal.objects.get(aar=2026, kode="nye-medlemmer")


def _card(body: str, navn: str) -> str:
    """The card of the target named ``navn`` (county: <h3>, a chapter's page: <h2>)."""
    match = re.search(
        rf'<li class="target card[^"]*">\s*<h[23][^>]*>{re.escape(escape(navn))}</h[23]>.*?</li>',
        body,
        re.S,
    )
    assert match, f"no card for {navn}"
    return match.group(0)


def _value(card: str) -> str:
    return re.search(r'<dd class="target-value">([^<]*)', card).group(1).strip()


def test_a_change_shows_new_figures_on_the_county_cards(client, org, board_user, nye_medlemmer):
    client.force_login(board_user)
    MedlemFactory.create_batch(2, lokallag=org.lag_a, innmeldt=D(2026, 3, 1))
    before = client.get(reverse("dashbord:index")).content.decode()
    assert _value(_card(before, nye_medlemmer.navn)) == "2"
    # The same version again: the cards come from the cache, identical.
    assert _card(client.get(reverse("dashbord:index")).content.decode(), nye_medlemmer.navn) == (
        _card(before, nye_medlemmer.navn)
    )

    MedlemFactory(lokallag=org.lag_b, innmeldt=D(2026, 4, 1))  # a new data version
    after = client.get(reverse("dashbord:index")).content.decode()
    assert _value(_card(after, nye_medlemmer.navn)) == "3"


def test_a_change_shows_new_figures_on_a_chapters_cards(client, org, leader_b, nye_medlemmer):
    client.force_login(leader_b)
    MedlemFactory(lokallag=org.lag_b, innmeldt=D(2026, 3, 1))
    before = client.get(reverse("dashbord:index")).content.decode()
    assert _value(_card(before, nye_medlemmer.navn)) == "1"

    MedlemFactory(lokallag=org.lag_b, innmeldt=D(2026, 4, 1))
    after = client.get(reverse("dashbord:index")).content.decode()
    assert _value(_card(after, nye_medlemmer.navn)) == "2"


def test_two_chapters_leaders_never_share_cards(
    client, org, leader_a, leader_b, board_user, nye_medlemmer
):
    MedlemFactory.create_batch(3, lokallag=org.lag_a, innmeldt=D(2026, 3, 1))
    MedlemFactory(lokallag=org.lag_b, innmeldt=D(2026, 3, 1))
    pages = {}
    # The same data version throughout: each one's cards are rendered (and kept) in turn.
    for name, user, params in [
        ("a", leader_a, {}),
        ("b", leader_b, {}),
        ("board-a", board_user, {"lag": "drammen"}),
        ("county", board_user, {}),
        ("b-again", leader_b, {}),
    ]:
        client.force_login(user)
        response = client.get(reverse("dashbord:index"), params)
        assert response.status_code == 200
        pages[name] = response.content.decode()
        client.logout()

    own = {name: _card(body, nye_medlemmer.navn) for name, body in pages.items()}
    assert _value(own["a"]) == "3" and _value(own["board-a"]) == "3"
    assert _value(own["b"]) == "1" and _value(own["b-again"]) == "1"
    assert _value(own["county"]) == "4"
    # A chapter's cards link to its own lists and draw its own charts, never the other's.
    assert f"lokallag={org.lag_a.pk}" in pages["a"] and f"lokallag={org.lag_b.pk}" not in pages["a"]
    assert f"lokallag={org.lag_b.pk}" in pages["b"] and f"lokallag={org.lag_a.pk}" not in pages["b"]
    assert f"-lag{org.lag_a.pk}-" in pages["a"] and f"-lag{org.lag_b.pk}-" not in pages["a"]
    assert "Drammen" not in pages["b-again"]
    assert "lokallag=" not in own["county"] and "-lag" not in own["county"]


def test_the_cards_are_rendered_once_per_version_and_chapter(
    client, org, leader_b, nye_medlemmer, monkeypatch
):
    built = []
    contributions = selectors._contributions

    def counted(scope, results, chapter):
        built.append(chapter.pk)
        return contributions(scope, results, chapter)

    monkeypatch.setattr(selectors, "_contributions", counted)
    client.force_login(leader_b)
    for _ in range(3):
        assert client.get(reverse("dashbord:index")).status_code == 200
    assert built == [org.lag_b.pk]
    MedlemFactory(lokallag=org.lag_b, innmeldt=D(2026, 3, 1))
    client.get(reverse("dashbord:index"))
    assert built == [org.lag_b.pk, org.lag_b.pk]
