import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_logs_in_and_lands_on_the_start_page(page, live_server, admin_user):
    login(page, live_server, "admin@test.no")
    expect(page).to_have_url(f"{live_server.url}/")
    # The start page of admins and the board is the dashboard of the plan's targets.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Virksomhetsplanens mål \d{4}")
    )
    expect(page.get_by_role("navigation", name="Hovedmeny")).to_be_visible()


def test_wrong_password_shows_an_error(page, live_server, admin_user):
    login(page, live_server, "admin@test.no", password="helt-feil-passord")
    expect(page).to_have_url(re.compile(r"/konto/login/"))
    # At the field, and in the error summary at the top of the page.
    expect(
        page.locator("form").get_by_text("E-postadressen og/eller passordet du oppgav er feil.")
    ).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text(
        "E-postadressen og/eller passordet du oppgav er feil."
    )


def test_anonymous_visitor_is_sent_to_login(page, live_server):
    page.goto(f"{live_server.url}/medlemmer/")
    expect(page).to_have_url(re.compile(r"/konto/login/\?next=/medlemmer/"))
