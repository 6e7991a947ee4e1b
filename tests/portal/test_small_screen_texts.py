"""Words for users instead of machinery (issue #16, item 6): browsers in words on the sessions
page, the date plan's responsible person told apart by chapter, no «Beat-tikket»."""

import re

import pytest

from buskerud_sp.user_agents import describe
from tests.conftest import PASSWORD
from tests.factories import MedlemFactory, VervFactory

ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
WINDOWS_EDGE = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0"
)
MAC_FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0"


@pytest.mark.parametrize(
    ("header", "words"),
    [
        (ANDROID_CHROME, "Chrome på Android"),
        (IPHONE_SAFARI, "Safari på iPhone"),
        (WINDOWS_EDGE, "Edge på Windows"),
        (MAC_FIREFOX, "Firefox på macOS"),
        ("curl/8.5.0", "Ukjent nettleser"),
        ("", "Ukjent nettleser"),
        (None, "Ukjent nettleser"),
    ],
)
def test_browsers_in_words(header, words):
    assert describe(header) == words


@pytest.mark.django_db
def test_the_sessions_page_shows_the_browser_in_words(client, leader_a):
    response = client.post(
        "/konto/login/",
        {"login": "leder.a@test.no", "password": PASSWORD},
        HTTP_USER_AGENT=ANDROID_CHROME,
    )
    assert response.status_code == 302
    body = client.get("/konto/sessions/", HTTP_USER_AGENT=ANDROID_CHROME).content.decode()
    assert "Innloggede økter" in body
    assert "Chrome på Android" in body
    assert "Denne økten" in body
    assert "Mozilla/5.0" not in body


@pytest.mark.django_db
def test_the_date_plans_responsible_person_names_the_chapter(client, admin_user, org):
    for chapter in (org.lag_a, org.lag_b):
        VervFactory(
            medlem=MedlemFactory(lokallag=chapter, fornavn="Per", etternavn="Bakke"),
            enhet=chapter,
        )
    client.force_login(admin_user)
    body = client.get("/datoplan/ny/").content.decode()
    select = re.search(r'<select name="ansvarlig_person".*?</select>', body, re.S).group(0)
    assert "Per Bakke (Drammen Senterparti)" in select
    assert "Per Bakke (Gol Senterparti)" in select


@pytest.mark.django_db
def test_the_reminder_rules_speak_plain_norwegian(client, admin_user):
    client.force_login(admin_user)
    body = client.get("/datoplan/regler/").content.decode()
    assert "Påminnelser" in body or "påminnelser" in body
    assert "Beat" not in body and "tikk" not in body
