import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_leader_searches_own_members_on_a_phone(phone, live_server, org, leader_a):
    MedlemFactory(lokallag=org.lag_a, fornavn="Sigrid", etternavn="Haugland", telefon="+4793334444")
    MedlemFactory(lokallag=org.lag_a, fornavn="Ola", etternavn="Brekke")
    MedlemFactory(lokallag=org.lag_b, fornavn="Sigrid", etternavn="Golvik")  # another chapter
    login(phone, live_server, "leder.a@test.no")
    phone.get_by_role("link", name="Medlemmer").click()
    phone.get_by_label("Søk").fill("sigrid")
    phone.get_by_role("button", name="Søk").click()
    expect(phone.get_by_role("link", name="Sigrid Haugland")).to_be_visible()
    expect(phone.get_by_text("Golvik")).to_have_count(0)
    expect(phone.get_by_role("status")).to_contain_text("1 medlem")
    phone.get_by_role("link", name="Sigrid Haugland").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sigrid Haugland")
    # Stored as E.164, shown the Norwegian way, dialled with the country code.
    expect(phone.get_by_role("link", name="933 34 444")).to_have_attribute(
        "href", "tel:+4793334444"
    )
    # Least data: a chapter leader does not see the birth date.
    expect(phone.get_by_text("Fødselsdato")).to_have_count(0)
    # The page fits the phone: no horizontal scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
