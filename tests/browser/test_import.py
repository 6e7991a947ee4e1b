"""The admin imports members from the register on a phone: upload, preview, confirm."""

import re

import pytest
from playwright.sync_api import expect

from medlemmer.models import Medlem
from tests.browser.conftest import login
from tests.medlemmer.registerfiles import make_csv, member_row

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_uploads_previews_and_confirms(phone, live_server, org, admin_user):
    org.lag_a.kommunenummer = "3301"  # the register refers to chapters by municipality number
    org.lag_a.save()
    rows = [
        member_row(1, fornavn="Ingrid", etternavn="Haugen"),
        member_row(2, fornavn="Torstein", etternavn="Bakke", lokallag="Gol"),
        member_row(3, fornavn="Feil", etternavn="Dato", innmeldt="31.02.2024"),
    ]
    page = phone
    login(page, live_server, "admin@test.no")
    page.goto(f"{live_server.url}/medlemmer/")
    page.get_by_role("link", name="Importer fra medlemsregisteret").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import fra medlemsregisteret")

    page.get_by_label("Fil fra medlemsregisteret").set_input_files(
        {"name": "register.csv", "mimeType": "text/csv", "buffer": make_csv(rows, delimiter=";")}
    )
    page.get_by_role("button", name="Last opp og forhåndsvis").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Forhåndsvisning av import")
    expect(page.locator("[data-count=nye]")).to_have_text("2")
    expect(page.locator("[data-count=avvist]")).to_have_text("1")
    expect(page.get_by_text("Rad 4, kolonne innmeldt: ugyldig dato «31.02.2024»")).to_be_visible()
    assert Medlem.objects.count() == 0  # nothing before the admin confirms

    page.get_by_role("button", name="Bekreft import").click()
    expect(page.get_by_text("Importen er fullført.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import: Importert")

    page.get_by_role("link", name="Se medlemslisten").click()
    expect(page).to_have_url(re.compile(r"/medlemmer/$"))
    expect(page.get_by_role("link", name="Ingrid Haugen")).to_be_visible()
    expect(page.get_by_role("link", name="Torstein Bakke")).to_be_visible()
    expect(page.get_by_text("Feil Dato")).to_have_count(0)
