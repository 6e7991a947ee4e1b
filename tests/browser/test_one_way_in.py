"""The admin's way into Django's admin goes through the portal's login and its second factor;
a member changing her e-mail address on a phone cannot take another account's address."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.totp import add_totp, totp_code

pytestmark = pytest.mark.django_db(transaction=True)

NOON = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)


def test_the_admin_reaches_django_admin_only_with_the_second_factor(page, live_server, admin_user):
    secret = add_totp(admin_user)
    with time_machine.travel(NOON, tick=False):
        page.goto(f"{live_server.url}/admin/")
        expect(page).to_have_url(re.compile(r"/konto/login/\?next=%2Fadmin%2F$"))
        page.get_by_label("E-post").fill("admin@test.no")
        page.get_by_label("Passord").fill("riktig-passord-123")
        page.get_by_role("button", name="Logg inn").click()
        expect(page).to_have_url(re.compile(r"/konto/2fa/authenticate/"))
        page.locator("input[name=code]").fill(totp_code(secret))
        page.locator("form button[type=submit]").first.click()
        expect(page).to_have_url(f"{live_server.url}/admin/")
        expect(page.locator("#site-name")).to_be_visible()


def test_a_member_cannot_take_the_admins_address_on_a_phone(
    phone, live_server, member_user, admin_user
):
    login(phone, live_server, "medlem@test.no")
    phone.goto(f"{live_server.url}/konto/email/")
    expect(phone.locator("#current_email")).to_have_value("medlem@test.no")
    phone.locator("input[name=email]").fill("Admin@Test.no")
    phone.locator("button[name=action_add]").click()
    # At the field, and in the error summary at the top of the page.
    expect(
        phone.locator("form").get_by_text("E-postadressen brukes av en annen bruker")
    ).to_be_visible()
    expect(phone.locator(".error-summary")).to_contain_text(
        "E-postadressen brukes av en annen bruker"
    )
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
