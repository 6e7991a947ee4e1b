"""The follow-up's lists page and step through periods the way the other lists do: the
visits by half-year (buskerud_sp.core.periods) and the media appearances by the shared
pagination, keeping the year."""

import datetime
import zoneinfo

import pytest
import time_machine

from lokallag.oppfolging.views import MEDIA_PAGE_SIZE
from tests.factories import MedieoppslagFactory

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
NOW = datetime.datetime(2026, 9, 15, 12, 0, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("param", "shown", "previous", "following"),
    [
        ("", "1.7.2026–31.12.2026", "2026-1", "2027-1"),
        ("2025-1", "1.1.2025–30.6.2025", "2024-2", "2025-2"),
        ("2025-2", "1.7.2025–31.12.2025", "2025-1", "2026-1"),
        ("2025-3", "1.7.2026–31.12.2026", "2026-1", "2027-1"),
        ("1999-1", "1.7.2026–31.12.2026", "2026-1", "2027-1"),
        ("2025-1-1", "1.7.2026–31.12.2026", "2026-1", "2027-1"),
        ("x", "1.7.2026–31.12.2026", "2026-1", "2027-1"),
    ],
)
def test_the_visit_overview_steps_by_half_year(
    client, board_user, param, shown, previous, following
):
    client.force_login(board_user)
    with time_machine.travel(NOW, tick=False):
        html = client.get("/aktiviteter/besok/", {"halvaar": param}).content.decode()
    assert f"<strong>{shown}</strong>" in html
    assert f'href="?halvaar={previous}"' in html
    assert f'href="?halvaar={following}"' in html


def test_the_media_list_pages_with_the_shared_pagination_and_keeps_the_year(client, org, leader_a):
    MedieoppslagFactory.create_batch(
        MEDIA_PAGE_SIZE + 1, lokallag=org.lag_a, dato=datetime.date(2025, 3, 1)
    )
    client.force_login(leader_a)
    with time_machine.travel(NOW, tick=False):
        first = client.get("/aktiviteter/medier/", {"aar": 2025}).content.decode()
        second = client.get("/aktiviteter/medier/", {"aar": 2025, "side": 2}).content.decode()
    assert 'class="pagination"' in first
    assert 'href="?aar=2025&amp;side=2"' in first
    assert "Side 1 av 2" in first
    assert 'href="?aar=2025&amp;side=1"' in second
    assert "Side 2 av 2" in second
