"""Admins see and change the rhythm's rules in the portal; errors are shown at the field."""

import datetime

import pytest

from aktiviteter.paaminnelser.models import Paaminnelsesregel, Regeltype

pytestmark = pytest.mark.django_db


@pytest.fixture
def rules(db):
    return Paaminnelsesregel.objects.sikre_standard()


def test_the_rules_page_says_when_and_to_whom(client, admin_user, rules):
    client.force_login(admin_user)
    page = client.get("/datoplan/regler/").content.decode()
    assert "Mandag: 1 dag før, kl. 18:00 · Tillitsvalgte og folkevalgte" in page
    assert "Tirsdag: Samme dag kl. 08:00" in page
    assert "Onsdag: 1 dag etter, kl. 12:00" in page
    assert "Hver tirsdag kl. 19:30" in page
    assert "1. mai og 1. november kl. 08:00 · Fylkesleder og administratorene" in page


def test_an_admin_changes_a_rule_and_pauses_it_for_the_summer(client, admin_user, rules):
    purring = rules[Regeltype.TIRSDAG_ANTALL_PURRING]
    client.force_login(admin_user)
    url = f"/datoplan/regler/{purring.pk}/"
    form = client.get(url).context["form"]
    assert form.initial["dager"] == 1  # shown as days after the meeting
    assert "ukedag" not in form.fields and "tekst" not in form.fields
    response = client.post(
        url,
        {
            "aktiv": "on",
            "klokkeslett": "10:00",
            "dager": "2",
            "mottakere": "administratorer",
            "pause_fra": "2026-07-01",
            "pause_til": "2026-08-15",
        },
    )
    assert response.status_code == 302
    purring.refresh_from_db()
    assert (purring.dager, purring.klokkeslett, purring.mottakere) == (
        -2,
        datetime.time(10, 0),
        "administratorer",
    )
    assert purring.endret_av == admin_user
    assert not purring.gjelder(datetime.date(2026, 7, 14))
    assert purring.gjelder(datetime.date(2026, 8, 18))


def test_bad_input_is_refused_at_the_field_and_nothing_changes(client, admin_user, rules):
    monday = rules[Regeltype.TIRSDAG_KVELDEN_FOR]
    client.force_login(admin_user)
    url = f"/datoplan/regler/{monday.pk}/"
    empty = client.post(url, {})
    assert empty.status_code == 200
    assert empty.context["form"].errors["klokkeslett"] == ["Feltet er påkrevet."]
    bad = client.post(
        url,
        {
            "aktiv": "on",
            "klokkeslett": "18:00",
            "dager": "9",
            "mottakere": "vertslag",
            "pause_fra": "2026-08-01",
            "pause_til": "2026-07-01",
        },
    )
    errors = bad.context["form"].errors
    assert set(errors) == {"dager", "mottakere", "pause_til"}
    assert errors["pause_til"] == ["Pausen kan ikke slutte før den begynner."]
    assert errors["dager"] == ["Verdien må være mindre enn eller lik 6."]
    monday.refresh_from_db()
    assert (monday.dager, monday.mottakere, monday.pause_fra) == (
        1,
        "tillitsvalgte_folkevalgte",
        None,
    )


def test_only_admins_reach_the_rules(client, board_user, rules):
    client.force_login(board_user)
    rule = rules[Regeltype.UKESAMMENDRAG]
    assert client.post(f"/datoplan/regler/{rule.pk}/", {"aktiv": ""}).status_code == 404
    rule.refresh_from_db()
    assert rule.aktiv


def test_an_admin_lets_the_tuesday_call_be_held_on_holidays(client, admin_user, rules):
    """The holiday setting is on by default, shown on the rules page and editable."""
    call = rules[Regeltype.TIRSDAGSMOTE]
    assert call.hopp_over_helligdager
    client.force_login(admin_user)
    page = client.get("/datoplan/regler/").content.decode()
    assert "Hver tirsdag kl. 19:30 · ikke på helligdager" in page
    assert "helligdager: neste virkedag" in page
    url = f"/datoplan/regler/{call.pk}/"
    form = client.get(url).context["form"]
    assert form.initial["hopp_over_helligdager"] is True
    response = client.post(
        url, {"aktiv": "on", "ukedag": "1", "klokkeslett": "19:30", "tekst": call.tekst}
    )
    assert response.status_code == 302
    call.refresh_from_db()
    assert not call.hopp_over_helligdager
    assert call.avlyses_fordi(datetime.date(2024, 12, 24)) == ""
