"""A nynorsk user in Chromium: the browser's nynorsk header alone gives bokmål; the footer's
language choice gives nynorsk on the login page, in allauth's and Django's messages, on the
portal's pages and in a form error, and it stays after logging in."""

import os
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(os.environ.get("SHOTS_DIR", "/tmp/shots/lang"))


@pytest.fixture(params=[(390, 844), (1280, 800)], ids=["phone", "desktop"])
def nynorsk_browser(request, browser):
    """Chrome as a nynorsk user has it: Accept-Language nn-NO,nn;q=0.9,…"""
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nn-NO")
    page = context.new_page()
    page.shot = lambda name: _shot(page, f"{name}-{width}")
    yield page
    context.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_nynorsk_is_a_choice_that_reaches_every_kind_of_string(
    nynorsk_browser, live_server, board_user
):
    page = nynorsk_browser
    page.goto(f"{live_server.url}/konto/login/")
    # The header alone: bokmål.
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_label("Husk meg")).to_be_visible()
    page.shot("login-nb")

    page.get_by_label("Språk").select_option("nn")
    page.get_by_role("button", name="Bytt språk").click()
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_label("Hugs meg")).to_be_visible()  # allauth's string
    expect(page.get_by_label("Språk")).to_have_value("nn")

    page.get_by_label("E-post").fill("styre@test.no")
    page.get_by_label("Passord").fill("feil-passord-her")
    page.get_by_role("button", name="Logg inn").click()
    message = "E-postadressa og/eller passordet du oppgav, er feil."
    # At the form, and in nynorsk in the error summary above it («Feil:» in the title too).
    expect(page.locator("form").get_by_text(message)).to_be_visible()
    expect(page.locator(".error-summary").get_by_role("link", name=message)).to_be_visible()
    page.shot("login-error-nn")

    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_role("navigation", name="Hovudmeny")).to_be_visible()
    expect(page.get_by_text("Ikkje del dei vidare.")).to_be_visible()
    page.shot("start-nn")

    page.goto(f"{live_server.url}/aktiviteter/ny/?type=fylkesstyremote")
    page.get_by_label("Dato").fill(timezone.localdate().isoformat())
    page.get_by_label("Frå kl.").fill("21:00")
    page.get_by_label("Til kl.").fill("19:00")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("form").get_by_text("Slutt må vere etter start.")).to_be_visible()
    expect(page.locator(".error-summary").get_by_role("link")).to_have_text(
        "Til kl.: Slutt må vere etter start."
    )
    page.shot("form-error-nn")

    page.goto(f"{live_server.url}/konto/2fa/")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_role("heading", name="Autentiseringsapp")).to_be_visible()
    page.shot("mfa-nn")
