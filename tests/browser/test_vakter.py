"""Signing up for a stand's shift on a phone: a member opens the invitation's link, sees the
free places, takes a shift and sees it confirmed; a second member finds it full; and a member
in the portal takes a shift from /valg/vakter/. No horizontal overflow at 390 px."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from playwright.sync_api import expect

from aktiviteter.valg.models import Vakt, Vaktpamelding
from aktiviteter.valg.services import vaktpost
from tests.aktiviteter.rhythm import at
from tests.browser.conftest import login
from tests.factories import AktivitetFactory, MedlemFactory

pytestmark = pytest.mark.django_db(transaction=True)
DAG = datetime.date(2027, 8, 20)


@pytest.fixture
def stand(org):
    stand = AktivitetFactory(
        type="stand",
        enhet=org.lag_a,
        dato=DAG,
        status="planlagt",
        tittel="Stand på Bragernes torg",
        sted="Bragernes torg",
    )
    Vakt.objects.create(
        aktivitet=stand, start=datetime.time(10), slutt=datetime.time(12), plasser=1
    )
    Vakt.objects.create(
        aktivitet=stand,
        start=datetime.time(12),
        slutt=datetime.time(14),
        plasser=3,
        oppgave="dele ut brosjyrer",
    )
    return stand


def _lenke(live_server, stand, medlem) -> str:
    """The invitation's link as the mail has it, on the test server."""
    return (
        live_server.url
        + "/svar/"
        + vaktpost.pameldingslenke(stand.pk, medlem.pk).split("/svar/", 1)[1]
    )


def _no_overflow(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_medlem_tar_vakt_fra_lenken_og_den_neste_finner_den_full(phone, live_server, org, stand):
    page = phone
    eva = MedlemFactory(lokallag=org.lag_a, fornavn="Eva", etternavn="Vaktsen")
    ola = MedlemFactory(lokallag=org.lag_a, fornavn="Ola")
    with time_machine.travel(at(2027, 8, 18, 12, 0), tick=True):
        page.goto(_lenke(live_server, stand, eva))
        expect(page.get_by_role("heading", name="Stand på Bragernes torg")).to_be_visible()
        expect(page.get_by_text("1 ledig plass")).to_be_visible()
        expect(page.get_by_text("3 ledige plasser")).to_be_visible()
        _no_overflow(page)
        page.get_by_role("listitem").filter(has_text="10:00–12:00").get_by_role(
            "button", name="Ta vakten"
        ).click()
        expect(page.get_by_text("Takk! Du har tatt vakten 10:00–12:00.")).to_be_visible()
        expect(page.get_by_text("Din vakt")).to_be_visible()
        _no_overflow(page)

        page.goto(_lenke(live_server, stand, ola))
        first = page.get_by_role("listitem").filter(has_text="10:00–12:00")
        expect(first.get_by_text("Full")).to_be_visible()
        expect(first.get_by_role("button", name="Ta vakten")).to_have_count(0)
        assert "Vaktsen" not in page.content()
        _no_overflow(page)
    assert list(Vaktpamelding.objects.values_list("medlem_id", flat=True)) == [eva.pk]


def test_medlem_tar_vakt_i_portalen(phone, live_server, org, stand, member_user):
    page = phone
    with time_machine.travel(at(2027, 8, 18, 12, 0), tick=True):
        login(page, live_server, "medlem@test.no")
        page.goto(live_server.url + "/valg/vakter/")
        expect(page.get_by_role("heading", name="Stand på Bragernes torg")).to_be_visible()
        _no_overflow(page)
        page.get_by_role("listitem").filter(has_text="dele ut brosjyrer").get_by_role(
            "button", name="Ta vakten"
        ).click()
        expect(page.get_by_text("Du har tatt vakten. Takk!")).to_be_visible()
        expect(
            page.get_by_role("region", name="Dine vakter").get_by_text("Stand på Bragernes torg")
        ).to_be_visible()
        _no_overflow(page)
    assert Vaktpamelding.objects.get().medlem == member_user.medlem


def test_lederen_legger_til_vakt_og_ser_hullene(phone, live_server, org, stand, leader_a):
    page = phone
    with time_machine.travel(at(2027, 8, 18, 12, 0), tick=True):
        login(page, live_server, "leder.a@test.no")
        page.goto(live_server.url + f"/valg/stand/{stand.pk}/")
        expect(page.get_by_text("mangler 3")).to_be_visible()
        _no_overflow(page)
        page.get_by_role("link", name="Legg til vakt").click()
        page.get_by_label("Fra kl.").fill("16:00")
        page.get_by_label("Til kl.").fill("15:00")
        page.get_by_label("Antall personer").fill("2")
        page.get_by_role("button", name="Lagre").click()
        expect(
            page.get_by_text("Vakten må slutte etter at den begynner.", exact=True)
        ).to_be_visible()
        _no_overflow(page)
        page.get_by_label("Til kl.").fill("18:00")
        page.get_by_role("button", name="Lagre").click()
        expect(page.get_by_text("Vakten er lagt til.")).to_be_visible()
        expect(page.get_by_role("rowheader", name="16:00–18:00")).to_be_visible()
        _no_overflow(page)
    assert Vakt.objects.filter(aktivitet=stand).count() == 3
