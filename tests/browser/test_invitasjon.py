"""A member answers an invitation on a phone: the answer link from the mail opens the page with
«Ja» pre-selected but nothing recorded; the tap on «Ja, jeg kommer» records it and shows the
confirmation; the leader's panel then counts one yes."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.conf import settings
from playwright.sync_api import expect

from aktiviteter.paaminnelser.services import sending
from aktiviteter.paaminnelser.services.sending import paaminnelser_send
from aktiviteter.utsendinger.models import Gruppe, Invitasjonssvar
from aktiviteter.utsendinger.services import invitasjoner
from aktiviteter.utsendinger.services.sending import utsending_send
from tests.aktiviteter.rhythm import at
from tests.browser.conftest import login
from tests.factories import AktivitetFactory, MedlemFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_answers_yes_from_the_mail_on_a_phone(
    phone,
    live_server,
    org,
    leader_a,
    monkeypatch,
    mailoutbox,
):
    monkeypatch.setattr(sending, "sender_snart", lambda: None)
    monkeypatch.setattr(settings, "SITE_URL", live_server.url)
    with time_machine.travel(at(2026, 11, 30, 12, 0), tick=True):
        aktivitet = AktivitetFactory(
            enhet=org.lag_a,
            tittel="Julemøte i Drammen",
            dato=datetime.date(2026, 12, 10),
            sted="Samfunnshuset",
            status="planlagt",
            type="medlemsmote",
        )
        eva = MedlemFactory(
            lokallag=org.lag_a, fornavn="Eva", etternavn="Evensen", samtykke_invitasjoner=True
        )
        utsending = invitasjoner.invitasjon_lagre(
            bruker=leader_a,
            aktivitet=aktivitet,
            gruppe=Gruppe.ALLE,
            emne="Kom på julemøtet",
            tekst="Vi byr på grøt.",
        )
        utsending_send(utsending=utsending, bruker=leader_a)
        paaminnelser_send()
        (mail,) = [m for m in mailoutbox if m.to == [eva.epost]]
        yes_link = re.search(r"(\S+/svar/\S+\?svar=ja)", mail.body).group(1)

        page = phone
        page.goto(yes_link)
        expect(page.get_by_role("heading", name="Julemøte i Drammen")).to_be_visible()
        assert not Invitasjonssvar.objects.exists()  # opening the link records nothing
        yes = page.get_by_role("button", name="Ja, jeg kommer")
        expect(yes).to_have_attribute("aria-pressed", "true")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        yes.click()
        expect(page.get_by_text("Takk! Du har svart ja.")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        assert Invitasjonssvar.objects.get(medlem=eva).svar == "ja"

        login(page, live_server, "leder.a@test.no")
        page.goto(f"{live_server.url}{utsending.get_absolute_url()}")
        expect(page.locator('[data-svar="ja"]')).to_have_text("1")
        expect(page.get_by_text("Eva Evensen")).to_be_visible()
