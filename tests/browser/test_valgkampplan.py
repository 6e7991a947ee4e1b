"""The county's campaign committee plans on a phone: a goal for one district's chapters (a
deadline before the campaign starts is refused at its field), then the chapter's page with its
progress; no page is wider than the phone."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from aktiviteter.valg.models import Valg, Valgkampmaal, Valgtype
from lokallag.models import Rolle
from tests.aktiviteter.rhythm import at
from tests.browser.conftest import login
from tests.factories import MedlemFactory, UserFactory, VervFactory

pytestmark = pytest.mark.django_db(transaction=True)
D = datetime.date


def _no_overflow(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_committee_sets_a_district_goal_on_a_phone(phone, live_server, org, leader_b):
    page = phone
    user = UserFactory(email="valgkamp.fylke@test.no")
    medlem = MedlemFactory(epost=user.email, lokallag=org.lag_a, bruker=user)
    VervFactory(medlem=medlem, enhet=org.fylke, rolle=Rolle.VALGKAMPLEDER)
    valg = Valg.objects.create(
        type=Valgtype.KOMMUNE_FYLKE, dato=D(2027, 9, 13), kampanjestart=D(2027, 3, 1)
    )
    with time_machine.travel(at(2027, 6, 15, 9, 0), tick=True):
        login(page, live_server, user.email)
        page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Valg").click()
        page.get_by_role("link", name=str(valg)).click()
        _no_overflow(page)
        page.get_by_role("link", name="Sett mål i planen").click()
        page.locator("#id_art").select_option("stand")
        page.get_by_label("Antall").fill("3")
        page.get_by_label("Frist (dager før valgdagen)").fill("300")
        page.get_by_label("Lagene i et distrikt").check()
        page.locator("#id_distrikt").select_option(label="Hallingdal")
        page.get_by_role("button", name="Sett målet").click()
        expect(
            page.get_by_text("Fristen kan ikke være før valgkampen begynner").first
        ).to_be_visible()
        _no_overflow(page)
        assert not Valgkampmaal.objects.exists()
        page.get_by_label("Frist (dager før valgdagen)").fill("14")
        page.get_by_role("button", name="Sett målet").click()
        expect(page.get_by_text("Målet er satt: 1 nye, 0 endret.")).to_be_visible()
        _no_overflow(page)
        assert list(Valgkampmaal.objects.values_list("lokallag__slug", "antall")) == [("gol", 3)]
        page.get_by_role("link", name="Gol Senterparti").first.click()
        expect(page.get_by_role("heading", name="Valgkampen i Gol Senterparti")).to_be_visible()
        expect(page.get_by_text("30. august 2027")).to_be_visible()
        _no_overflow(page)
