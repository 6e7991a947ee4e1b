"""iCal feeds: parse with icalendar, hold what the user may see, die when the key is renewed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from aktiviteter.aktivitet.services import kalendernokkel_for
from tests.factories import AktivitetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(org):
    soon = timezone.localdate() + datetime.timedelta(days=10)
    return {
        "drammen": AktivitetFactory(
            enhet=org.lag_a,
            tittel="Styremøte i Drammen",
            dato=soon,
            status="planlagt",
            sted="Drammen bibliotek",
        ),
        "gol": AktivitetFactory(enhet=org.lag_b, tittel="Styremøte på Gol", dato=soon),
        "tuesday": AktivitetFactory(
            enhet=org.fylke,
            type="tirsdagsmote",
            tittel="Tirsdagsmøte",
            dato=soon,
            status="planlagt",
        ),
        "cancelled": AktivitetFactory(
            enhet=org.lag_a, tittel="Avlyst medlemsmøte", dato=soon, status="avlyst"
        ),
    }


def parse(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}


def test_the_feed_parses_and_holds_the_chapters_events(client, leader_a, events):
    key = kalendernokkel_for(leader_a)
    found = parse(client.get(f"/kalender/{key.token}.ics"))  # no login: the link is the secret
    assert set(found) == {
        "Styremøte i Drammen (Drammen Senterparti)",
        "Tirsdagsmøte (Testfylket Senterparti)",
        "Avlyst medlemsmøte (Drammen Senterparti)",
    }
    event = found["Styremøte i Drammen (Drammen Senterparti)"]
    start = event.decoded("DTSTART")
    assert start.date() == events["drammen"].dato
    assert (start.hour, start.minute) == (19, 0)
    assert str(start.tzinfo) == "Europe/Oslo"
    assert str(event["LOCATION"]) == "Drammen bibliotek"
    assert str(event["UID"]).startswith(f"aktivitet-{events['drammen'].pk}@")
    assert str(found["Avlyst medlemsmøte (Drammen Senterparti)"]["STATUS"]) == "CANCELLED"


def test_an_edited_event_keeps_its_uid_and_moves_on_in_sequence(client, leader_a, events):
    key = kalendernokkel_for(leader_a)
    url = f"/kalender/{key.token}.ics"
    before = parse(client.get(url))["Styremøte i Drammen (Drammen Senterparti)"]
    aktivitet = events["drammen"]
    aktivitet.starttid = datetime.time(18, 0)
    aktivitet.save()
    after = parse(client.get(url))["Styremøte i Drammen (Drammen Senterparti)"]
    assert after["UID"] == before["UID"]
    assert after.decoded("DTSTART").hour == 18
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")


def test_narrowed_to_one_unit(client, board_user, events, org):
    key = kalendernokkel_for(board_user)
    found = parse(client.get(f"/kalender/{key.token}.ics", {"lag": "gol"}))
    assert set(found) == {"Styremøte på Gol (Gol Senterparti)"}


def test_a_leader_cannot_narrow_to_another_chapter(client, leader_a, events):
    key = kalendernokkel_for(leader_a)
    assert client.get(f"/kalender/{key.token}.ics", {"lag": "gol"}).status_code == 404


def test_renewing_the_key_makes_the_old_link_404(client, leader_a, events):
    old = kalendernokkel_for(leader_a).token
    client.force_login(leader_a)
    page = client.get(reverse("aktiviteter:calendar_link"))
    assert f"/kalender/{old}.ics" in page.content.decode()
    response = client.post(reverse("aktiviteter:calendar_link"))
    assert response.status_code == 302
    new = kalendernokkel_for(leader_a).token
    assert new != old
    client.logout()
    assert client.get(f"/kalender/{old}.ics").status_code == 404
    assert client.get(f"/kalender/{new}.ics").status_code == 200


def test_an_unknown_key_or_a_deactivated_user_gives_404(client, leader_a, events):
    assert client.get("/kalender/ikke-en-nokkel.ics").status_code == 404
    key = kalendernokkel_for(leader_a)
    leader_a.is_active = False
    leader_a.save()
    assert client.get(f"/kalender/{key.token}.ics").status_code == 404


def test_the_feed_follows_current_access(client, leader_a, events):
    from lokallag.models import Verv

    key = kalendernokkel_for(leader_a)
    Verv.objects.filter(medlem__bruker=leader_a).update(
        til_dato=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert parse(client.get(f"/kalender/{key.token}.ics")) == {}
