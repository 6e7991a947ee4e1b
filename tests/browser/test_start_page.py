"""A leader on a phone finds the Tuesday count waiting first on the start page, registers it
in one tap and a number, and the item is gone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aktiviteter.aktivitet.models import Status
from tests.browser.conftest import login
from tests.factories import AktivitetFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = "/tmp/shots/leader"


def no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_the_leader_registers_the_waiting_tuesday_count_from_the_start_page(
    browser, live_server, org, leader_a, width, height
):
    call = AktivitetFactory(
        type="tirsdagsmote",
        enhet=org.fylke,
        tittel="Tirsdagsmøte med stortingsrepresentanten",
        dato=timezone.localdate() - datetime.timedelta(days=1),
        starttid=datetime.time(19, 30),
        sluttid=datetime.time(20, 30),
        status=Status.PLANLAGT,
        vertslag=org.lag_a,
        digitalt=True,
    )
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nb-NO")
    page = context.new_page()
    login(page, live_server, "leder.a@test.no")
    waiting = page.get_by_role("region", name="Venter på deg")
    expect(waiting).to_be_visible()
    expect(waiting).to_be_in_viewport()  # first thing on the page, no scrolling
    expect(waiting.get_by_text("Antall på tirsdagsmøtet")).to_be_visible()
    no_overflow(page)
    page.screenshot(path=f"{SHOTS}/start-venter-{width}.png", full_page=True)

    waiting.get_by_role("link", name="Registrer antall").click()
    page.get_by_label("Antall deltakere").fill("27")
    page.screenshot(path=f"{SHOTS}/tirsdag-antall-{width}.png", full_page=True)
    page.get_by_role("button", name="Lagre antall").click()

    expect(page.get_by_text("Registrert: 27 deltakere")).to_be_visible()
    expect(page.get_by_role("heading", name="Drammen Senterparti", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Venter på deg")).to_have_count(0)
    page.screenshot(path=f"{SHOTS}/start-ferdig-{width}.png", full_page=True)
    call.refresh_from_db()
    assert (call.status, call.deltakerantall) == (Status.AVHOLDT, 27)
    context.close()
