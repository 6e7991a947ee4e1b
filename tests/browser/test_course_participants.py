"""A leader adds four participants to a course from a phone: tick four names, one button, no
page reload; the table shows them. And the right-of-access page, looked at on a phone."""

import pytest
from playwright.sync_api import expect

from aktiviteter.studier.models import Kursdeltaker
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.factories import MedlemFactory, StudietiltakFactory

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = "/tmp/shots/leader"


def no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_four_participants_in_five_actions_without_a_reload(
    browser, live_server, org, leader_a, width, height
):
    kari = MedlemFactory(lokallag=org.lag_a, fornavn="Kari", etternavn="Kursleder")
    course = StudietiltakFactory(arrangor=org.lag_a, kursleder=kari, tittel="Det grønne hjulet")
    Kursdeltaker.objects.create(studietiltak=course, medlem=kari)
    names = ["Anne Aas", "Bjørn Berg", "Cecilie Dal", "Dag Eng"]
    for name in names:
        first, last = name.split()
        MedlemFactory(lokallag=org.lag_a, fornavn=first, etternavn=last)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nb-NO")
    page = context.new_page()
    login(page, live_server, "leder.a@test.no")
    page.goto(f"{live_server.url}{course.get_absolute_url()}")
    page.evaluate("window.__sammeSide = true")

    for name in names:
        page.get_by_role("checkbox", name=name).check()
    page.screenshot(path=f"{SHOTS}/kurs-valgt-{width}.png", full_page=True)
    page.get_by_role("button", name="Legg til de valgte").click()

    expect(page.get_by_text("Lagt til 4 deltakere")).to_be_visible()
    table = page.locator("table.attendance")
    for name in names:
        expect(table.get_by_role("rowheader", name=name)).to_be_visible()
        expect(page.get_by_role("checkbox", name=name)).to_have_count(0)
    assert page.evaluate("window.__sammeSide === true"), "the page was reloaded"
    assert course.deltakere.count() == 5
    no_overflow(page)
    page.screenshot(path=f"{SHOTS}/kurs-lagt-til-{width}.png", full_page=True)

    # An error shows in place, still without a reload: nothing ticked, no name.
    page.get_by_role("button", name="Legg til de valgte").click()
    expect(page.get_by_text("Velg et medlem, eller skriv navnet.")).to_be_visible()
    assert page.evaluate("window.__sammeSide === true")
    page.screenshot(path=f"{SHOTS}/kurs-feil-{width}.png", full_page=True)
    context.close()


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_the_access_page_reads_as_norwegian(browser, live_server, member_user, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="nb-NO")
    page = context.new_page()
    login(page, live_server, "medlem@test.no")
    page.goto(f"{live_server.url}/medlemmer/{member_user.medlem.pk}/innsyn/")
    page.get_by_label("Passord").fill(PASSWORD)  # the export asks for the password again
    page.get_by_role("button", name="Bekreft").click()
    expect(page.get_by_role("heading", name="Medlemmer du har vervet")).to_be_visible()
    expect(page.get_by_text("Ingen registrert").first).to_be_visible()
    body = page.locator("main").inner_text()
    for raw in ("fodselsdato", "True", "False", "[]", "Vervedemedlemmer"):
        assert raw not in body, raw
    no_overflow(page)
    page.screenshot(path=f"{SHOTS}/innsyn-{width}.png", full_page=True)
    context.close()
