import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from medlemmer.models import Medlem
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def confirm_password(page) -> None:
    """allauth asks for the password again before exports and erasure."""
    expect(page).to_have_url(re.compile(r"/konto/reauthenticate/"))
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Bekreft").click()


def test_member_downloads_own_data(page, live_server, member_user):
    login(page, live_server, "medlem@test.no")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mona Medlemsen")
    page.get_by_role("link", name="Last ned mine opplysninger").click()
    confirm_password(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mona Medlemsen")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned som JSON").click()
    data = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert data["medlemskap"]["epost"] == "medlem@test.no"


def test_admin_erases_a_member_after_confirming_the_password(page, live_server, org, admin_user):
    medlem = MedlemFactory(lokallag=org.lag_a, fornavn="Eirik", etternavn="Forsvinn")
    login(page, live_server, "admin@test.no")
    page.goto(f"{live_server.url}/medlemmer/{medlem.pk}/")
    page.get_by_role("link", name="Slett opplysninger").click()
    confirm_password(page)
    page.get_by_role("button", name="Slett opplysningene").click()
    # At the field, and in the error summary at the top of the page.
    expect(page.locator("form").get_by_text("Kryss av for å bekrefte.")).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text("Kryss av for å bekrefte.")
    page.get_by_label("Jeg bekrefter at opplysningene om medlemmet skal slettes for godt").check()
    page.get_by_role("button", name="Slett opplysningene").click()
    expect(page.get_by_text("Medlemmet er anonymisert.")).to_be_visible()
    medlem = Medlem.objects.get(pk=medlem.pk)
    assert medlem.anonymisert is not None
    assert medlem.etternavn == ""


def test_member_sees_where_others_wrote_about_them_and_where_they_are_logged_in(
    phone, live_server, org, member_user
):
    from tests.factories import AktivitetFactory

    AktivitetFactory(
        enhet=org.lag_a,
        tittel="Kaffe med Mona Medlemsen",
        beskrivelse="Mona Medlemsen tar med kake. " * 8,
    )
    login(phone, live_server, "medlem@test.no")
    phone.get_by_role("link", name="Last ned mine opplysninger").click()
    confirm_password(phone)
    expect(phone.get_by_text("Kaffe med Mona Medlemsen")).to_be_visible()
    expect(phone.get_by_role("heading", name="Innloggingsøkter")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
