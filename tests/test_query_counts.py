"""Query counts per page must not grow with the data (speed itself is measured in bench/)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lokallag.models import Rolle
from tests.factories import LokallagFactory, MedlemFactory, VervFactory

pytestmark = pytest.mark.django_db


def grow(org, factor: int) -> None:
    """Add chapters with leaders and members in proportion to ``factor``."""
    for i in range(2 * factor):
        chapter = LokallagFactory(distrikt=org.distrikt_a if i % 2 else org.distrikt_b)
        VervFactory(medlem=MedlemFactory(lokallag=chapter), enhet=chapter, rolle=Rolle.LEDER)
        MedlemFactory.create_batch(3, lokallag=chapter)
    MedlemFactory.create_batch(5 * factor, lokallag=org.lag_a)


def count_queries(client, url: str) -> int:
    client.get(url)  # the first request of a session creates rows the next ones only read
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code in (200, 302), url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/lokallag/",
        "/lokallag/drammen/",
        "/medlemmer/",
        "/medlemmer/?q=Fornavn&kjonn=M&alder=50-66",
        "/medlemmer/?distrikt=1&status=alle",
    ],
)
@pytest.mark.parametrize("persona", ["admin_user", "board_user", "leader_a"])
def test_query_count_does_not_grow_tenfold(client, org, request, url, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    grow(org, 1)
    small = count_queries(client, url)
    grow(org, 10)
    large = count_queries(client, url)
    assert large == small, f"{url}: {small} queries with little data, {large} with ten times more"
