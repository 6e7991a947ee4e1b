"""Chapter leaders on a phone (390×844): register a study session and a Tuesday-call count and
see both in the list; another chapter's leader gets 404; the type switch and the name search
work with JavaScript."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aktiviteter.aktivitet.models import Aktivitet, Deltakelse, Status
from aktiviteter.studier.models import Oppmote
from tests.browser.conftest import login
from tests.factories import (
    AktivitetFactory,
    KursdeltakerFactory,
    MedlemFactory,
    StudietiltakFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def drammen(org, leader_a):
    kari = MedlemFactory(lokallag=org.lag_a, fornavn="Kari", etternavn="Kursleder")
    course = StudietiltakFactory(arrangor=org.lag_a, kursleder=kari, tittel="Det grønne hjulet")
    for medlem in [kari, *(MedlemFactory(lokallag=org.lag_a) for _ in range(3))]:
        KursdeltakerFactory(studietiltak=course, medlem=medlem)
    call = AktivitetFactory(
        type="tirsdagsmote",
        enhet=org.fylke,
        tittel="Tirsdagsmøte med stortingsrepresentanten",
        dato=timezone.localdate() - datetime.timedelta(days=2),
        starttid=datetime.time(19, 30),
        sluttid=datetime.time(20, 30),
        status=Status.PLANLAGT,
        vertslag=org.lag_a,
        digitalt=True,
    )
    return course, call


def test_drammens_leader_registers_a_session_and_a_tuesday_count_on_a_phone(
    phone, live_server, drammen
):
    course, call = drammen
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page = phone
    login(page, live_server, "leder.a@test.no")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Aktiviteter").click()
    page.get_by_role("link", name="Studiearbeid").click()
    page.get_by_role("link", name="Det grønne hjulet").click()
    expect(
        page.get_by_role("heading", name="Kurset oppfyller ikke SpS-kravene ennå")
    ).to_be_visible()
    page.get_by_role("link", name="Registrer samling").click()

    page.get_by_label("Dato").fill(yesterday.isoformat())
    page.get_by_label("Fra kl.").fill("18:00")
    page.get_by_label("Til kl.").fill("20:00")
    page.get_by_label("Fysisk samling").check()
    rows = page.locator(".attendance-row")
    expect(rows).to_have_count(4)
    rows.nth(3).get_by_role("checkbox").uncheck()  # one stayed home
    rows.nth(2).get_by_label("Timer").fill("1,5")  # one left early
    page.get_by_role("button", name="Lagre samlingen").click()
    expect(page.get_by_text(f"Samlingen {yesterday:%d.%m.%Y} er registrert.")).to_be_visible()
    samling = Aktivitet.objects.get(studietiltak=course)
    assert sorted(Oppmote.objects.filter(samling=samling).values_list("minutter", flat=True)) == [
        90,
        120,
        120,
    ]

    page.get_by_role("link", name="Liste").click()
    row = page.locator("tr", has_text="Tirsdagsmøte med stortingsrepresentanten")
    expect(row.get_by_text("Mangler antall")).to_be_visible()
    row.get_by_role("link").click()
    page.get_by_label("Antall deltakere").fill("32")
    page.get_by_role("button", name="Lagre antall").click()
    expect(page).to_have_url(f"{live_server.url}/aktiviteter/")
    expect(page.get_by_text("Registrert: 32 deltakere")).to_be_visible()

    call_row = page.locator("tr", has_text="Tirsdagsmøte med stortingsrepresentanten")
    expect(call_row.locator("td[data-label='Deltakere']")).to_have_text("32")
    expect(call_row.get_by_text("Avholdt")).to_be_visible()
    session_row = page.locator("tr", has_text="Studiesamling")
    expect(session_row.get_by_role("link", name="Det grønne hjulet")).to_be_visible()
    expect(session_row.locator("td[data-label='Deltakere']")).to_have_text("–")
    call.refresh_from_db()
    assert (call.status, call.deltakerantall) == (Status.AVHOLDT, 32)
    # The phone layout: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_digital_session_asks_whether_it_was_live_on_a_phone(phone, live_server, drammen):
    course, _call = drammen
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page = phone
    login(page, live_server, "leder.a@test.no")
    page.goto(f"{live_server.url}{course.get_absolute_url()}")
    expect(
        page.get_by_text("En digital samling teller bare når kursleder og deltakere")
    ).to_be_visible()
    page.get_by_role("link", name="Registrer samling").click()
    page.get_by_label("Dato").fill(yesterday.isoformat())
    page.get_by_label("Fra kl.").fill("18:00")
    page.get_by_label("Til kl.").fill("20:00")
    page.get_by_label("Digital samling", exact=True).check()
    page.get_by_role("button", name="Lagre samlingen").click()
    # At the field, and in the error summary at the top of the page.
    expect(
        page.locator("form").get_by_text("Svar på om kursleder og deltakere var med samtidig.")
    ).to_be_visible()
    expect(page.locator(".error-summary")).to_contain_text(
        "Svar på om kursleder og deltakere var med samtidig."
    )
    assert not Aktivitet.objects.filter(studietiltak=course).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Nei, opptak eller oppgaver i eget tempo").check()
    page.get_by_role("button", name="Lagre samlingen").click()
    expect(page.get_by_text(f"Samlingen {yesterday:%d.%m.%Y} er registrert.")).to_be_visible()
    expect(page.get_by_text("ikke sanntid, teller ikke")).to_be_visible()
    assert Aktivitet.objects.get(studietiltak=course).sanntid is False


def test_gols_leader_gets_404_on_drammens_activity(phone, live_server, org, leader_b):
    drammen_meeting = AktivitetFactory(enhet=org.lag_a, tittel="Styremøte i Drammen")
    login(phone, live_server, "leder.b@test.no")
    response = phone.goto(f"{live_server.url}{drammen_meeting.get_absolute_url()}")
    assert response.status == 404
    expect(phone.get_by_text("Fant ikke siden")).to_be_visible()
    expect(phone.get_by_text("Styremøte i Drammen")).to_have_count(0)


def test_the_type_decides_the_fields_and_a_name_finds_a_member(phone, live_server, org, board_user):
    MedlemFactory(lokallag=org.lag_a, fornavn="Sigrid", etternavn="Søkeresultat")
    page = phone
    login(page, live_server, "styre@test.no")
    page.goto(f"{live_server.url}/aktiviteter/ny/")
    page.get_by_role("link", name="Lokallagsledermøte").click()
    expect(page.get_by_label("Antall deltakere")).to_be_visible()
    # With JavaScript the type switch redraws the fields at once, keeping what was typed.
    page.get_by_label("Tittel").fill("Ledersamling på Gol")
    page.get_by_label("Type").select_option("fylkesstyremote")
    expect(page.get_by_label("Holdt i / vertskap")).to_be_visible()
    expect(page.get_by_label("Antall deltakere")).to_have_count(0)
    expect(page.get_by_label("Tittel")).to_have_value("Ledersamling på Gol")
    expect(page.get_by_role("button", name="Vis feltene for valgt type")).to_be_hidden()

    page.get_by_label("Finn medlem ved navn").fill("Sigr")
    page.get_by_role("button", name="Sigrid Søkeresultat (Drammen Senterparti)").click()
    expect(page.get_by_role("checkbox", name="Sigrid Søkeresultat")).to_be_checked()
    page.get_by_label("Holdt i / vertskap").select_option(label="Gol Senterparti")
    page.get_by_label("Fra kl.").fill("18:00")
    page.get_by_label("Til kl.").fill("21:00")
    page.get_by_role("button", name="Lagre").click()
    expect(page).to_have_url(re.compile(r"/aktiviteter/\d+/$"))
    aktivitet = Aktivitet.objects.get()
    assert (aktivitet.type, aktivitet.vertslag, aktivitet.tittel) == (
        "fylkesstyremote",
        org.lag_b,
        "Ledersamling på Gol",
    )
    assert Deltakelse.objects.get().medlem.fornavn == "Sigrid"
