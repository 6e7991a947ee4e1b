"""The public calendar for anyone: what it shows, what it never shows, its headers and its
query count. The clock is pinned (conftest ``clock``) and every request made inside it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from icalendar import Calendar as ICalendar

from aktiviteter.valg.models import Vakt
from tests.aktiviteter.arrangementer.conftest import public
from tests.factories import AktivitetFactory

pytestmark = pytest.mark.django_db

LIST = "/arrangementer/"
NEVER = [
    "Sigrid",
    "Deltakersen",  # a named participant
    "Anders",
    "Ansvarsen",  # the responsible member
    "Vilde",
    "Vaktesen",  # who took a shift
    "Lukket medlemsmøte",  # not marked public
    "Hemmelig styremøte",  # an internal type
    "Nedlagt",  # an inactive unit
    "@test.no",  # a member's e-mail
]


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# The participant count, as a number of its own (not a part of an id, a time or a sequence).
PARTICIPANT_COUNT = re.compile(r"(?<!\d)4273(?!\d)")


def assert_private_absent(text: str) -> None:
    for word in NEVER:
        assert word not in text, word
    assert not PARTICIPANT_COUNT.search(text), "the participant count"


def test_anyone_reads_the_coming_public_events_by_month(client, calendar):
    text = html(client.get(LIST))
    for title in ("Folkemøte om sykehuset", "Stand på Bragernes torg", "Valgkampåpning på Gol"):
        assert title in text
    assert "August 2027" in text and "September 2027" in text
    assert text.index("Folkemøte om sykehuset") < text.index("Valgkampåpning på Gol")
    assert "Union Scene" in text and "Drammen Senterparti" in text
    assert "Kom og hør om sykehusstriden." in text
    assert "Kari Kontakt" in text and "mailto:kari@example.no" in text
    assert "Temamøte om ulv" in text and "Avlyst" in text
    assert "Standen trenger 2 til på vakt" in text  # 3 + 1 places, 2 taken
    assert "Sommermøtet" not in text and "Vårmøtet" not in text  # past
    assert_private_absent(text)
    assert '<meta name="robots" content="index, follow">' in text


def test_earlier_shows_the_last_90_days_only(client, calendar):
    text = html(client.get(LIST, {"tidligere": "on"}))
    assert "Sommermøtet" in text
    assert "Vårmøtet" not in text  # more than 90 days back
    assert "Folkemøte om sykehuset" not in text
    assert_private_absent(text)


def test_filter_by_chapter_includes_the_county_events_held_there(client, calendar, org):
    text = html(client.get(LIST, {"lag": "gol"}))
    assert "Valgkampåpning på Gol" in text and "Temamøte om ulv" in text
    assert "Folkemøte om sykehuset" not in text
    text = html(client.get(LIST, {"lag": "drammen", "type": "stand"}))
    assert "Stand på Bragernes torg" in text and "Folkemøte om sykehuset" not in text


def test_a_bad_filter_value_is_shown_at_its_field_and_the_rest_still_filters(client, calendar):
    text = html(client.get(LIST, {"lag": "finnes-ikke", "type": "stand"}))
    assert "Velg et gyldig valg" in text or "Select a valid choice" in text
    assert "Stand på Bragernes torg" in text and "Folkemøte om sykehuset" not in text
    assert "Hemmelig styremøte" not in html(client.get(LIST, {"type": "styremote"}))


def test_the_page_is_cacheable_and_sets_no_cookie(client, calendar):
    response = client.get(LIST)
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie
    detail = client.get(reverse("arrangementer:detail", args=[calendar.stand.pk]))
    assert "public" in detail["Cache-Control"] and not detail.cookies
    assert "Cookie" in response["Vary"]


def test_a_logged_in_members_copy_is_private(client, calendar, member_user):
    client.force_login(member_user)
    response = client.get(LIST)
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert "Folkemøte om sykehuset" in html(response) and "Medlemsen" not in html(response)


def test_only_the_embedded_page_may_be_framed(client, calendar, settings):
    strict = client.get(LIST)
    assert strict["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in strict["Content-Security-Policy"]
    embedded = client.get(LIST, {"innebygd": "1", "lag": "drammen"})
    assert "X-Frame-Options" not in embedded
    csp = embedded["Content-Security-Policy"]
    assert "frame-ancestors https://www.senterpartiet.no https://*.senterpartiet.no" in csp
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    text = html(embedded)
    assert 'class="site-header"' not in text and "Stand på Bragernes torg" in text
    assert 'name="innebygd" value="1"' in text
    detail = client.get(reverse("arrangementer:detail", args=[calendar.stand.pk]))
    assert detail["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in detail["Content-Security-Policy"]


def test_the_detail_shows_the_shifts_that_need_people_never_who(client, calendar):
    text = html(client.get(reverse("arrangementer:detail", args=[calendar.stand.pk])))
    assert "10:00–12:00" in text and "trenger 2 til" in text
    assert "12:00–13:00" not in text  # full
    assert reverse("arrangementer:event_ics", args=[calendar.stand.pk]) in text
    assert "Logg inn for å ta en vakt" in text
    assert_private_absent(text)
    assert reverse("valg:mine_vakter") in text  # members log in there and take a shift


def test_the_detail_is_404_unless_public(client, calendar):
    for hidden in (calendar.privat, calendar.internt, calendar.inaktivt):
        assert client.get(reverse("arrangementer:detail", args=[hidden.pk])).status_code == 404
        assert client.get(reverse("arrangementer:event_ics", args=[hidden.pk])).status_code == 404
    text = html(client.get(reverse("arrangementer:detail", args=[calendar.folkemote.pk])))
    assert "Kari Kontakt" in text
    assert_private_absent(text)


def events_of(response) -> dict:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "public" in response["Cache-Control"] and not response.cookies
    return {str(e["SUMMARY"]): e for e in ICalendar.from_ical(response.content).walk("VEVENT")}


def test_the_feed_holds_the_public_events_and_nothing_private(client, calendar):
    response = client.get(reverse("arrangementer:ics"))
    found = events_of(response)
    assert set(found) == {
        "Folkemøte om sykehuset (Drammen Senterparti)",
        "Stand på Bragernes torg (Drammen Senterparti)",
        "Temamøte om ulv (Gol Senterparti)",
        "Valgkampåpning på Gol (Testfylket Senterparti)",
    }
    body = response.content.decode()
    assert "ATTENDEE" not in body and "ORGANIZER" not in body
    assert_private_absent(body.replace("\r\n ", ""))
    event = found["Folkemøte om sykehuset (Drammen Senterparti)"]
    assert str(event["UID"]) == f"aktivitet-{calendar.folkemote.pk}@127.0.0.1:8000"
    assert "Kari Kontakt, kari@example.no" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(f"/arrangementer/{calendar.folkemote.pk}/")
    assert str(found["Temamøte om ulv (Gol Senterparti)"]["STATUS"]) == "CANCELLED"
    # Stable: the same UIDs on the next request.
    again = events_of(client.get(reverse("arrangementer:ics")))
    assert {str(e["UID"]) for e in again.values()} == {str(e["UID"]) for e in found.values()}


def test_the_feed_of_one_chapter(client, calendar):
    found = events_of(client.get(reverse("arrangementer:ics"), {"lag": "gol"}))
    assert set(found) == {
        "Temamøte om ulv (Gol Senterparti)",
        "Valgkampåpning på Gol (Testfylket Senterparti)",
    }
    assert client.get(reverse("arrangementer:ics"), {"lag": "ukjent"}).status_code == 404
    assert client.get(reverse("arrangementer:ics"), {"lag": "nedlagt"}).status_code == 404


def test_one_event_as_a_file(client, calendar):
    response = client.get(reverse("arrangementer:event_ics", args=[calendar.stand.pk]))
    found = events_of(response)
    assert list(found) == ["Stand på Bragernes torg (Drammen Senterparti)"]
    assert "attachment" in response["Content-Disposition"]
    assert "Vaktesen" not in response.content.decode()


def test_a_physical_meetings_link_stays_private(client, calendar, org):
    meeting = public(
        type="temamote",
        enhet=org.lag_a,
        tittel="Temamøte om jordvern",
        dato=datetime.date(2027, 8, 30),
        sted="Rådhuset",
        nettlenke="+47 99 99 99 99 styrets telefonmøte",
    )
    assert "styrets telefonmøte" not in html(
        client.get(reverse("arrangementer:detail", args=[meeting.pk]))
    )
    assert "styrets telefonmøte" not in client.get(reverse("arrangementer:ics")).content.decode()
    online = public(
        type="folkemote_nett",
        enhet=org.lag_a,
        tittel="Folkemøte på nett om bredbånd",
        dato=datetime.date(2027, 8, 31),
        nettlenke="https://meet.example.no/bredband",
        digitalt=True,
    )
    text = html(client.get(LIST))
    assert "https://meet.example.no/bredband" in text and "Digitalt" in text
    assert online.tittel in text


@pytest.mark.parametrize("url", ["list", "ics"])
def test_the_query_count_does_not_grow_with_the_events(
    client, calendar, org, django_assert_max_num_queries, url
):
    path = reverse(f"arrangementer:{url}")
    with django_assert_max_num_queries(6) as before:
        client.get(path)
    for n in range(30):
        stand = public(
            type="stand", enhet=org.lag_b, tittel=f"Stand {n}", dato=datetime.date(2027, 10, 1)
        )
        Vakt.objects.create(
            aktivitet=stand, start=datetime.time(10), slutt=datetime.time(12), plasser=2
        )
        AktivitetFactory(type="styremote", enhet=org.lag_b, dato=datetime.date(2027, 10, 1))
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(path)
    assert "Stand 29" in response.content.decode()
