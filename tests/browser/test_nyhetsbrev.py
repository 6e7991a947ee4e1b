"""A newsletter in Chromium on a phone: the chapter leader writes it, previews it, sends a test
to themself, sends it; the sender delivers it to the members who said yes to the list, and
the leader sees the copies counted as sent."""

import pytest
from playwright.sync_api import expect

from aktiviteter.paaminnelser.services import paaminnelser_send, sending
from tests.browser.conftest import login
from tests.factories import MedlemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_leader_writes_tests_and_sends_a_newsletter(
    phone, live_server, org, leader_a, monkeypatch, mailoutbox
):
    monkeypatch.setattr(sending, "sender_snart", lambda: None)  # the test runs the sender
    for name in ("Eva", "Ola"):
        MedlemFactory(
            lokallag=org.lag_a,
            fornavn=name,
            epost=f"{name.lower()}@test.no",
            samtykke_lokallaget=True,
        )
    MedlemFactory(lokallag=org.lag_a, fornavn="Nils", epost="nils@test.no")  # no consent

    page = phone
    login(page, live_server, "leder.a@test.no")
    page.goto(f"{live_server.url}/utsendinger/")
    page.get_by_role("link", name="Skriv nyhetsbrev").first.click()
    expect(page.get_by_role("heading", name="Skriv nyhetsbrev")).to_be_visible()
    page.get_by_label("Emne").fill("Julemøte i Drammen")
    page.locator("#id_tekst").fill("Velkommen til julemøtet\n\nVi har:\n- Grøt\n- Gløgg")
    page.get_by_role("button", name="Lagre utkast").click()

    expect(page.get_by_text("Utkastet er lagret.")).to_be_visible()
    expect(page.get_by_role("heading", name="Velkommen til julemøtet")).to_be_visible()
    expect(page.locator(".utsending-tekst li", has_text="Gløgg")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Send test til meg").click()
    expect(page.get_by_text("Testen er sendt til leder.a@test.no.")).to_be_visible()
    assert [m.to for m in mailoutbox] == [["leder.a@test.no"]]
    assert mailoutbox[0].subject == "[TEST] Julemøte i Drammen"

    page.get_by_role("link", name="Send", exact=True).click()
    expect(page.locator(".figures")).to_contain_text("2")
    page.get_by_role("button", name="Send nå").click()
    expect(page.get_by_text("Sendes nå: 2 e-poster og 0 SMS-er.")).to_be_visible()

    assert paaminnelser_send() == {"sendt": 2}
    assert sorted(m.to[0] for m in mailoutbox[1:]) == ["eva@test.no", "ola@test.no"]
    assert all("List-Unsubscribe" in m.extra_headers for m in mailoutbox[1:])

    page.reload()
    sent_row = page.locator("tr[data-status='sendt']")
    expect(sent_row.locator("td").first).to_have_text("2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
