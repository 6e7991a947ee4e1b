"""The error summary on a phone (390×844), for the three forms issue #16 names: an activity
that ends before it starts, a future activity marked held, and session hours longer than the
session. The summary is in the first screenful with focus on it, the title starts with «Feil:»,
and its link takes the volunteer to the field."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import login
from tests.factories import KursdeltakerFactory, MedlemFactory, StudietiltakFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Set SHOTS=/tmp/shots/errors to keep a screenshot of each summary.
SHOTS = os.environ.get("SHOTS")


def _assert_summary_first(page: Page, name: str) -> None:
    expect(page).to_have_title(re.compile(r"^Feil: "))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    box = summary.bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"], box
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-{page.viewport_size['width']}.png")


def _follow_link(page: Page, link_text: str, field_id: str) -> None:
    page.locator(".error-summary").get_by_role("link", name=link_text).click()
    field = page.locator(f"#{field_id}")
    expect(field).to_be_focused()
    expect(field).to_be_in_viewport()


def _new_board_meeting(page: Page, live_server, **fields: str) -> None:
    login(page, live_server, "leder.a@test.no")
    page.goto(f"{live_server.url}/aktiviteter/ny/?type=styremote")
    for label, value in fields.items():
        page.locator(f"#id_{label}").fill(value)


def test_an_end_before_the_start(phone, live_server, leader_a):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _new_board_meeting(
        phone, live_server, dato=tomorrow.isoformat(), starttid="21:00", sluttid="19:00"
    )
    phone.get_by_role("button", name="Lagre").click()
    _assert_summary_first(phone, "slutt-for-start")
    expect(phone.locator(".error-summary")).to_contain_text("Slutt må være etter start.")
    _follow_link(phone, "Til kl.: Slutt må være etter start.", "id_sluttid")


def test_a_future_date_marked_held(phone, live_server, leader_a):
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    _new_board_meeting(
        phone, live_server, dato=next_week.isoformat(), starttid="19:00", sluttid="21:00"
    )
    phone.locator("#id_status input[value=avholdt], input[name=status][value=avholdt]").check()
    phone.get_by_role("button", name="Lagre").click()
    _assert_summary_first(phone, "avholdt-fram-i-tid")
    _follow_link(phone, re.compile("avholdt når datoen er fram i tid"), "id_status_0")


def test_session_hours_longer_than_the_session(phone, live_server, org, leader_a):
    kari = MedlemFactory(lokallag=org.lag_a, fornavn="Kari", etternavn="Kursleder")
    course = StudietiltakFactory(arrangor=org.lag_a, kursleder=kari, tittel="Det grønne hjulet")
    KursdeltakerFactory(studietiltak=course, medlem=kari)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page = phone
    login(page, live_server, "leder.a@test.no")
    page.goto(f"{live_server.url}/aktiviteter/studier/{course.pk}/samling/")
    page.get_by_label("Dato").fill(yesterday.isoformat())
    page.get_by_label("Fra kl.").fill("18:00")
    page.get_by_label("Til kl.").fill("20:00")
    page.locator(".attendance-row").first.get_by_label("Timer").fill("3")
    page.get_by_role("button", name="Lagre samlingen").click()
    _assert_summary_first(page, "timer-over-samlingen")
    _follow_link(
        page, re.compile(r"Kari Kursleder – Timer: Mer enn samlingens lengde"), "id_oppmote-0-timer"
    )


def test_the_summary_at_desktop_width(page, live_server, leader_a):
    page.set_viewport_size({"width": 1280, "height": 800})
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _new_board_meeting(
        page, live_server, dato=tomorrow.isoformat(), starttid="21:00", sluttid="19:00"
    )
    page.get_by_role("button", name="Lagre").click()
    _assert_summary_first(page, "slutt-for-start")
