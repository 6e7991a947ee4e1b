"""Small screens, small targets (issue #16, item 6): the sessions page and a course's attendance
table fit a phone, the header and sub-menu leave the page in the first screenful, and radios,
«Tallene bak grafen» and the 2FA page's actions are at least 24×24 CSS px."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from aktiviteter.studier.models import Oppmote
from tests.browser.conftest import login
from tests.conftest import DEMO_PASSWORD
from tests.factories import (
    KursdeltakerFactory,
    MedlemFactory,
    SamlingFactory,
    StudietiltakFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("SHOTS")
WIDTHS = [(390, 844), (1280, 800)]


def _fits(page: Page, name: str) -> None:
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def _size(page: Page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize("viewport", WIDTHS, ids=["phone", "desktop"])
def test_the_sessions_page_names_browsers_and_fits(page, live_server, leader_a, viewport):
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    login(page, live_server, "leder.a@test.no")
    page.goto(f"{live_server.url}/konto/sessions/")
    expect(page.get_by_role("heading", name="Innloggede økter")).to_be_visible()
    current = page.locator(".session").filter(has_text="Denne økten")
    expect(current).to_contain_text("Chrom")  # Playwright's browser, in words
    expect(page.locator("main")).not_to_contain_text("Mozilla/5.0")
    badge = current.locator(".badge")
    assert _size(page, ".session .badge")["height"] < 40  # one line, not a letter per line
    expect(badge).to_have_text("Denne økten")
    _fits(page, "okter")


@pytest.fixture
def course(org, leader_a):
    kari = MedlemFactory(lokallag=org.lag_a, fornavn="Kari", etternavn="Kursleder")
    course = StudietiltakFactory(arrangor=org.lag_a, kursleder=kari, tittel="Det grønne hjulet")
    people = [KursdeltakerFactory(studietiltak=course, medlem=kari)]
    people += [
        KursdeltakerFactory(studietiltak=course, medlem=MedlemFactory(lokallag=org.lag_a))
        for _ in range(3)
    ]
    start = timezone.localdate() - datetime.timedelta(days=30)
    for week in range(3):
        samling = SamlingFactory(
            studietiltak=course, enhet=org.lag_a, dato=start + datetime.timedelta(days=7 * week)
        )
        for person in people[: 2 + week % 2]:
            Oppmote.objects.create(samling=samling, deltaker=person, minutter=120)
    return course


@pytest.mark.parametrize("viewport", WIDTHS, ids=["phone", "desktop"])
def test_the_attendance_table_fits(page, live_server, course, viewport):
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    login(page, live_server, "leder.a@test.no")
    page.goto(f"{live_server.url}/aktiviteter/studier/{course.pk}/")
    header = page.locator("table.attendance thead th").filter(has_text="Teller")
    expect(header).to_be_visible()
    # «Teller» on one line, not a letter per line.
    lines = header.evaluate(
        "el => { const r = document.createRange(); r.selectNodeContents(el);"
        " return r.getClientRects().length; }"
    )
    assert lines == 1, lines
    wrap = _size(page, ".attendance-wrap")
    assert wrap["x"] + wrap["width"] <= viewport[0]
    _fits(page, "frammote")


def test_header_and_sub_menu_leave_room_on_a_phone(phone, live_server, leader_a):
    login(phone, live_server, "leder.a@test.no")
    phone.goto(f"{live_server.url}/aktiviteter/")
    heading = _size(phone, "main h1")
    assert heading["y"] < 200, heading  # was 292 px of header and sub-menu before the page
    # The current page's menu item is scrolled into view in its strip.
    expect(phone.locator(".main-nav [aria-current='page']")).to_be_in_viewport()
    _fits(phone, "aktiviteter")


def test_radios_are_touch_targets(phone, live_server, leader_a):
    login(phone, live_server, "leder.a@test.no")
    phone.goto(f"{live_server.url}/aktiviteter/ny/?type=styremote")
    radio = _size(phone, "input[type=radio]")
    assert radio["width"] >= 24 and radio["height"] >= 24, radio
    assert _size(phone, "label.inline:has(input[type=radio])")["height"] >= 44


def test_2fa_actions_are_buttons(phone, live_server, leader_a):
    login(phone, live_server, "leder.a@test.no")
    phone.goto(f"{live_server.url}/konto/2fa/")
    for name in ["Aktiver", "Legg til"]:
        link = phone.get_by_role("link", name=name, exact=True).first
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (name, box)
    _fits(phone, "tofaktor")


def test_chart_data_toggles_are_touch_targets(phone, live_server, demo_org):
    """«Tallene bak grafen» on the demo dashboard, whose targets have figures to chart."""
    login(phone, live_server, "styre@demo.buskerudsp.no", DEMO_PASSWORD)
    phone.goto(f"{live_server.url}/dashbord/")
    toggles = phone.locator(".chart-data summary")
    assert toggles.count() > 0
    for i in range(toggles.count()):
        box = toggles.nth(i).bounding_box()
        if box is not None:  # a chart further down the page is laid out too
            assert box["height"] >= 24, (i, box)
