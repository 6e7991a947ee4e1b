"""Ids beyond a bigint in multiple choices (found by the fuzz test in test_hostile_input.py).

Django's ModelMultipleChoiceField passed 2**63 to the database, where SQLite raises
OverflowError (a 500); buskerud_sp.core.fields.IdMultipleChoiceField answers at the field. A
module of its own: the fuzz module renders without the test runner's template
instrumentation, and these tests read the form's errors from the response context."""

import pytest

from tests.factories import (
    AktivitetFactory,
    MedlemFactory,
)
from tests.test_hostile_input import row_counts

pytestmark = pytest.mark.django_db

BEYOND_BIGINT = str(2**63)  # 9223372036854775808


def assert_refused_at(response, field: str, before: dict[str, int]) -> None:
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {field: [f'"{BEYOND_BIGINT}" er ikke en gyldig verdi.']}
    assert f"&quot;{BEYOND_BIGINT}&quot; er ikke en gyldig verdi." in response.content.decode()
    assert row_counts() == before


def test_an_id_beyond_a_bigint_among_the_named_participants_is_a_field_error(client, org, leader_a):
    anne = MedlemFactory(lokallag=org.lag_a, fornavn="Anne", etternavn="Styremedlem")
    client.force_login(leader_a)
    before = row_counts()
    response = client.post(
        "/aktiviteter/ny/",
        {
            "type": "styremote",
            "enhet": org.lag_a.pk,
            "tittel": "Styremøte i mars",
            "dato": "2026-03-10",
            "starttid": "19:00",
            "sluttid": "21:00",
            "status": "avholdt",
            "sted": "Bibliotekets møterom",
            "deltakere": [anne.pk, BEYOND_BIGINT],
        },
    )
    assert_refused_at(response, "deltakere", before)


def test_an_id_beyond_a_bigint_among_an_adhoc_groups_members_is_a_field_error(
    client, org, leader_a
):
    anne = MedlemFactory(lokallag=org.lag_a, fornavn="Anne", etternavn="Styremedlem")
    client.force_login(leader_a)
    before = row_counts()
    response = client.post(
        "/aktiviteter/grupper/ny/",
        {
            "tema": "Valgkamp",
            "enhet": org.lag_a.pk,
            "leder": anne.pk,
            "medlemmer": [BEYOND_BIGINT],
            "fra_dato": "2026-03-01",
        },
    )
    assert_refused_at(response, "medlemmer", before)


def test_an_id_beyond_a_bigint_among_the_visitors_of_the_chapter_tour_is_a_field_error(
    client, org, board_user
):
    client.force_login(board_user)
    before = row_counts()
    response = client.post(
        "/aktiviteter/besok/planlegg/",
        {
            "lokallag": org.lag_b.pk,
            "dato": "2026-03-10",
            "starttid": "18:30",
            "sted": "Gol kulturhus",
            "tittel": "Reiserunde: Gol",
            "besokende": [BEYOND_BIGINT],
            "rolle": "toppkandidat",
        },
    )
    assert_refused_at(response, "besokende", before)


def test_an_id_beyond_a_bigint_among_the_cohosts_is_a_field_error(client, org, leader_a):
    meeting = AktivitetFactory(enhet=org.lag_a, type="temamote", tittel="Felles temamøte")
    client.force_login(leader_a)
    before = row_counts()
    response = client.post(
        f"/aktiviteter/{meeting.pk}/medarrangorer/", {"lokallag": [BEYOND_BIGINT]}
    )
    assert_refused_at(response, "lokallag", before)
