"""A board member on a phone (390×844) logs a phone call with a chapter, with a follow-up
due next week, and finds it on their start page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lokallag.models import Rolle
from lokallag.oppfolging.models import Oppfolging
from tests.browser.conftest import login
from tests.factories import VervFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_board_member_logs_a_phone_call_with_a_follow_up_on_a_phone(
    phone, live_server, org, board_user
):
    VervFactory(
        medlem=board_user.medlem,
        enhet=org.fylke,
        rolle=Rolle.DISTRIKTSREPRESENTANT,
        distrikt=org.distrikt_a,
    )
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    page = phone
    login(page, live_server, "styre@test.no")
    mine = page.get_by_role("region", name="Mine lokallag")
    expect(mine.get_by_text("Ingen kontakt registrert")).to_be_visible()
    mine.get_by_role("link", name="Logg kontakt med Drammen Senterparti").click()

    expect(page.get_by_label("Lokallag")).to_have_value(str(org.lag_a.pk))
    page.get_by_label("Telefon").check()
    page.get_by_label("Hva ble tatt opp").fill("Ringte lederen om standene før valget.")
    page.get_by_label("Hva skal følges opp").fill("Sende standmateriell til Drammen")
    page.get_by_label("Frist").fill(next_week.isoformat())
    expect(page.get_by_label("Ansvarlig for oppfølgingen")).to_have_value(str(board_user.medlem.pk))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Kontakten med Drammen Senterparti er logget.")).to_be_visible()

    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Start").click()
    follow_ups = page.get_by_role("region", name="Mine oppfølgingspunkter")
    expect(follow_ups.get_by_text("Sende standmateriell til Drammen", exact=True)).to_be_visible()
    expect(
        follow_ups.get_by_text(f"frist {next_week.day}.{next_week.month}.{next_week.year}")
    ).to_be_visible()
    mine = page.get_by_role("region", name="Mine lokallag")
    expect(mine.get_by_text("Ingen kontakt registrert")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    entry = Oppfolging.objects.get()
    assert (entry.kontaktform, entry.frist, entry.ansvarlig) == (
        "telefon",
        next_week,
        board_user.medlem,
    )
