"""The date plan in Chromium: the admin moves an item and sends the plan again; the chapter
leader's mail says what changed, and the leader sees the moved item on the phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aktiviteter.datoplan.models import Datoplan, Datoplanpunkt
from aktiviteter.datoplan.services import datoplanpunkt_lagre
from aktiviteter.paaminnelser.models import Art, Paaminnelse
from aktiviteter.paaminnelser.services import paaminnelser_send, sending
from aktiviteter.paaminnelser.utsending import datoplan_publiser
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published_plan(org, admin_user, leader_a, leader_b, monkeypatch, mailoutbox):
    """This year's plan, already sent once to the chapter leaders."""
    monkeypatch.setattr(sending, "sender_snart", lambda: None)  # the test runs the sender
    year = timezone.localdate().year
    for title, type_, day in [
        ("Kandidatskolering", "kandidatskolering", datetime.date(year, 2, 7)),
        ("Kurs i mediearbeid", "mediekurs", datetime.date(year, 3, 14)),
        ("Samling for nye folkevalgte", "nye_folkevalgte", datetime.date(year, 10, 24)),
    ]:
        datoplanpunkt_lagre(
            punkt=Datoplanpunkt(plan=Datoplan(aar=year), tittel=title, type=type_, fra_dato=day),
            bruker=admin_user,
        )
    datoplan_publiser(plan=Datoplan.objects.get(aar=year), bruker=admin_user)
    paaminnelser_send()
    mailoutbox.clear()
    return year


def test_the_admin_moves_an_item_and_the_leader_learns_what_changed(
    page, phone, live_server, published_plan, leader_a, mailoutbox
):
    year = published_plan
    admin = page
    login(admin, live_server, "admin@test.no")
    admin.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Datoplan").click()
    expect(admin.get_by_role("heading", name=f"Datoplan {year}")).to_be_visible()
    admin.get_by_role("link", name="Endre eller flytt Kurs i mediearbeid").click()
    admin.get_by_label("Dato (fra)").fill(f"{year}-03-21")
    admin.get_by_role("button", name="Lagre").click()
    expect(admin.get_by_text("«Kurs i mediearbeid» er lagret.")).to_be_visible()
    expect(admin.get_by_text("1 endring er ikke sendt ut.")).to_be_visible()

    admin.get_by_role("link", name="Send til lokallaga").click()
    moved = f"Kurs i mediearbeid er flyttet fra 14. mars {year} til 21. mars {year}."
    expect(admin.get_by_text(moved)).to_be_visible()
    admin.get_by_role("button", name="Send nå").click()
    expect(
        admin.get_by_text("Versjon 4 av datoplanen sendes nå til 2 lokallagsledere.")
    ).to_be_visible()

    # The beat's next run sends what the publication queued.
    assert paaminnelser_send() == {"sendt": 2}
    mail = next(m for m in mailoutbox if m.to == ["leder.a@test.no"])
    assert mail.subject == f"Endringer i datoplanen for {year}"
    assert moved in mail.body
    assert moved in mail.alternatives[0].content
    row = Paaminnelse.objects.get(mottaker=leader_a.medlem, art=Art.DATOPLAN_ENDRINGER)
    assert row.utsending.versjon.nummer == 4

    login(phone, live_server, "leder.a@test.no")
    phone.goto(f"{live_server.url}/datoplan/")
    item = phone.locator(".timeline-item", has_text="Kurs i mediearbeid")
    expect(item.locator(".timeline-date")).to_have_text(f"21. mars {year}")
    expect(phone.get_by_role("link", name="Endre eller flytt Kurs i mediearbeid")).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
