"""The chapter leader's whole annual meeting on a phone: the date (a date after the county's
deadline is refused at the field), the notice sent to the members, the annual report drafted
from the year's data and delivered, and after the meeting the new board registered, with access
following the offices."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from aktiviteter.arsmote.models import Arsmote, Arsmoteoppsett
from aktiviteter.arsmote.services.syklus import oppsett_lagre
from aktiviteter.paaminnelser.services import paaminnelser_send, sending
from buskerud_sp.core.access import access_for
from lokallag.models import Rolle, Verv
from tests.aktiviteter.rhythm import at
from tests.browser.conftest import login
from tests.factories import MedlemFactory, VervFactory

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date


@pytest.fixture
def chapter(org, admin_user, leader_a, member_user, monkeypatch):
    monkeypatch.setattr(sending, "sender_snart", lambda: None)  # the test runs the sender
    MedlemFactory(
        lokallag=org.lag_a,
        fornavn="Per",
        etternavn="Papirsen",
        epost=None,
        adresse="Storgata 1",
        postnummer="3015",
        poststed="Drammen",
    )
    kasserer = MedlemFactory(lokallag=org.lag_a, fornavn="Kari", etternavn="Kassesen")
    VervFactory(medlem=kasserer, enhet=org.lag_a, rolle=Rolle.KASSERER, til_dato=D(2027, 12, 31))
    MedlemFactory(lokallag=org.lag_a, fornavn="Ola", etternavn="Nyvalgt")
    return org


def test_leader_takes_the_annual_meeting_from_date_to_new_board(
    phone, live_server, chapter, admin_user, leader_a, mailoutbox
):
    page = phone
    with time_machine.travel(at(2027, 1, 5, 9, 0), tick=True) as clock:
        oppsett_lagre(
            oppsett=Arsmoteoppsett(aar=2027, frist=D(2027, 2, 28)),
            bruker=admin_user,
            fylkesarsmote_dato=D(2027, 3, 13),
        )
        login(page, live_server, "leder.a@test.no")
        page.get_by_role("navigation", name="Hovedmeny").get_by_role(
            "link", name="Årsmøter"
        ).click()
        page.get_by_role("link", name="Drammen Senterparti").click()
        expect(
            page.get_by_role("heading", name="Årsmøte 2027 i Drammen Senterparti")
        ).to_be_visible()

        # The date: after the county's deadline is refused, at the field; then a good one.
        page.get_by_role("link", name="Sett dato").click()
        form = page.locator("form.card")
        form.get_by_label("Dato").fill("2027-03-05")
        form.get_by_label("Klokkeslett").fill("19:00")
        form.get_by_label("Sted").fill("Grendehuset")
        form.get_by_role("button", name="Lagre").click()
        expect(form.get_by_text("Årsmøtet må holdes senest 28.02.2027")).to_be_visible()
        assert Arsmote.objects.get(lokallag=chapter.lag_a, aar=2027).dato is None
        form.get_by_label("Dato").fill("2027-02-10")
        form.get_by_label("Frist for forslag").fill("2027-01-27")
        form.get_by_role("button", name="Lagre").click()
        expect(page.get_by_text("Datoen for årsmøtet er lagret.")).to_be_visible()

        # The notice: written, then sent to the members with e-mail (one needs a letter).
        page.get_by_role("link", name="Skriv innkallingen").click()
        page.get_by_label("Innledning til innkallingen").fill("Velkommen til årsmøte med kaffe.")
        page.get_by_label("Andre saker").fill("Vedtektsendring")
        page.get_by_role("button", name="Lagre").click()
        expect(page.get_by_text("Innkallingen er lagret.")).to_be_visible()
        page.get_by_role("link", name="Send innkallingen").click()
        expect(page.get_by_text("medlemmer uten e-post trenger brev")).to_be_visible()
        page.get_by_role("button", name="Send til").click()
        expect(page.get_by_text("Innkallingen sendes nå på e-post til")).to_be_visible()
        assert paaminnelser_send()["sendt"] >= 2
        notice = next(m for m in mailoutbox if m.to == ["medlem@test.no"])
        assert "Grendehuset" in notice.body and "Vedtektsendring" in notice.body

        # The annual report: the draft from the year's data, saved and delivered.
        page.get_by_role("link", name="Skriv årsmeldingen").click()
        report = page.get_by_label("Årsmelding")
        expect(report).not_to_be_empty()
        page.get_by_role("button", name="Lagre").click()
        expect(page.get_by_text("Årsmeldingen er lagret.")).to_be_visible()
        page.get_by_role("button", name="Lever årsmeldingen").first.click()
        expect(page.get_by_text("Årsmeldingen er levert til fylket.")).to_be_visible()

        # The day after the meeting: the new board. Dag is re-elected, Ola becomes treasurer.
        clock.move_to(at(2027, 2, 11, 10, 0))
        login(page, live_server, "leder.a@test.no")
        meeting = Arsmote.objects.get(lokallag=chapter.lag_a, aar=2027)
        page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
        page.get_by_role("link", name="Registrer de valgte").click()
        rows = page.locator(".valg-rad")
        rows.nth(0).get_by_label("Verv").select_option(label="Leder")
        rows.nth(0).get_by_label("Valgt").select_option(label="Dag Drammensen")
        rows.nth(1).get_by_label("Verv").select_option(label="Kasserer")
        rows.nth(1).get_by_label("Valgt").select_option(label="Ola Nyvalgt")
        page.get_by_role("button", name="Registrer det nye styret").click()
        expect(
            page.get_by_text("Det nye styret er registrert: 2 verv fra møtedagen.")
        ).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

    treasurer = Verv.objects.get(enhet=chapter.lag_a, rolle=Rolle.KASSERER, fra_dato=D(2027, 2, 10))
    assert treasurer.medlem.fornavn == "Ola"
    assert Verv.objects.get(medlem__fornavn="Kari").til_dato == D(2027, 2, 9)
    with time_machine.travel(at(2027, 2, 11, 10, 0)):
        assert chapter.lag_a.pk in access_for(leader_a).officer_chapter_ids
