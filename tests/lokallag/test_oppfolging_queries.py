"""The follow-up pages run the same number of queries with ten times the data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lokallag.models import Rolle
from lokallag.oppfolging.models import Besok, Medvert
from tests.factories import (
    AktivitetFactory,
    LokallagFactory,
    MedieoppslagFactory,
    MedlemFactory,
    OppfolgingFactory,
    VervFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def representative(org, board_user):
    VervFactory(
        medlem=board_user.medlem,
        enhet=org.fylke,
        rolle=Rolle.DISTRIKTSREPRESENTANT,
        distrikt=org.distrikt_a,
    )
    return board_user


def grow(org, board_user, factor: int) -> None:
    """``factor`` × (chapters in the board member's district with a leader, members, contacts
    with open follow-ups, co-hosted and visited activities, media appearances)."""
    today = timezone.localdate()
    for i in range(factor):
        chapter = LokallagFactory(distrikt=org.distrikt_a if i % 2 else org.distrikt_b)
        VervFactory(medlem=MedlemFactory(lokallag=chapter), enhet=chapter, rolle=Rolle.LEDER)
        MedlemFactory.create_batch(2, lokallag=chapter)
        for lag in (chapter, org.lag_a):
            OppfolgingFactory(
                lokallag=lag,
                registrert_av=board_user,
                neste_steg="Ringe igjen",
                frist=today + datetime.timedelta(days=i % 10 - 2),
                ansvarlig=board_user.medlem,
            )
        aktivitet = AktivitetFactory(
            enhet=chapter, type="stand", dato=today - datetime.timedelta(days=i % 60)
        )
        if chapter.distrikt_id == org.lag_a.distrikt_id:
            Medvert.objects.create(aktivitet=aktivitet, lokallag=org.lag_a)
        Besok.objects.create(aktivitet=aktivitet, medlem=board_user.medlem)
        MedieoppslagFactory(lokallag=chapter, dato=today)
        MedieoppslagFactory(lokallag=org.lag_a, dato=today)


def count_queries(client, url: str) -> int:
    client.get(url)  # the first request of a session creates rows the next ones only read
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


BOARD_PAGES = [
    "/",
    "/oppfolging/",
    "/oppfolging/alle/",
    "/oppfolging/by-og-bygd/",
    "/oppfolging/lag/drammen/",
    "/aktiviteter/besok/",
    "/aktiviteter/medier/",
    "/lokallag/drammen/",
]
LEADER_PAGES = ["/oppfolging/lag/drammen/", "/aktiviteter/medier/", "/lokallag/drammen/"]


@pytest.mark.parametrize(
    ("persona", "pages"), [("representative", BOARD_PAGES), ("leader_a", LEADER_PAGES)]
)
def test_follow_up_pages_stay_flat_with_ten_times_the_data(
    client, org, board_user, request, persona, pages
):
    client.force_login(request.getfixturevalue(persona))
    grow(org, board_user, 2)
    small = {url: count_queries(client, url) for url in pages}
    grow(org, board_user, 20)
    large = {url: count_queries(client, url) for url in pages}
    assert large == small
