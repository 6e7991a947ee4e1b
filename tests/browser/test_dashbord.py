"""The dashboard in Chromium: the board member sees every target and follows a drill-down to
the list behind a number; the leader of Gol sees only Gol's contribution (on a phone); the
demo's dashboard fits the screen at 1280 and 390 px for the board, an admin and a leader; the
dashboard PDF downloads and has text."""

import re
import shutil
import subprocess

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from aktiviteter.dashbord.defaults import maal_opprett_standard
from aktiviteter.dashbord.models import Maal
from tests.browser.conftest import login
from tests.conftest import DEMO_PASSWORD
from tests.factories import AktivitetFactory, MedlemFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def plan(org):
    today = timezone.localdate()
    maal_opprett_standard(aar=today.year)
    MedlemFactory(lokallag=org.lag_a, fornavn="Nora", etternavn="Nyvervet", innmeldt=today)
    MedlemFactory(lokallag=org.lag_b, fornavn="Geir", etternavn="Golvervet", innmeldt=today)
    AktivitetFactory(type="lokalmedia", enhet=org.lag_b, dato=today, tittel="Møte med Hallingdølen")
    return list(Maal.objects.for_aar(today.year).order_by("rekkefolge"))


def test_the_board_member_sees_every_target_and_follows_a_drill_down(
    page, live_server, plan, board_user
):
    year = timezone.localdate().year
    login(page, live_server, "styre@test.no")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Virksomhetsplanens mål {year}")
    cards = page.locator("ul.targets > li")
    expect(cards).to_have_count(len(plan))
    for maal in plan:
        expect(page.get_by_role("heading", level=3, name=maal.navn, exact=True)).to_be_visible()
    # Status in words, and every chart has a text alternative.
    expect(page.get_by_text("Bak skjema").first).to_be_visible()
    expect(page.locator("svg[role=img] desc")).to_have_count(len(plan))

    recruitment = cards.filter(has=page.get_by_role("heading", name="Nye medlemmer", exact=True))
    expect(recruitment.locator(".target-value")).to_have_text("2")
    recruitment.get_by_role("link", name="Nye medlemmer i år").click()
    expect(page).to_have_url(re.compile(r"/medlemmer/\?status=nye"))
    expect(page.get_by_role("link", name="Nora Nyvervet")).to_be_visible()
    expect(page.get_by_role("link", name="Geir Golvervet")).to_be_visible()

    page.go_back()
    media = cards.filter(has=page.get_by_role("heading", name="Møte med lokalmedia før valget"))
    media.get_by_role("link", name=re.compile("Per lokallag")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Møte med lokalmedia")
    gol = page.get_by_role("row").filter(has_text="Gol Senterparti")
    expect(gol).to_contain_text("Ja")
    expect(page.get_by_role("row").filter(has_text="Drammen Senterparti")).to_contain_text("Nei")


def test_the_leader_of_gol_sees_only_gols_contribution(phone, live_server, plan, leader_b):
    login(phone, live_server, "leder.b@test.no")
    phone.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Dashbord").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(
        "Gol Senterparti: bidrag til virksomhetsplanens mål"
    )
    expect(phone.locator("ul.targets > li")).to_have_count(len(plan))
    media = phone.locator("ul.targets > li").filter(has_text="Møte med lokalmedia før valget")
    expect(media).to_contain_text("Ja")
    expect(phone.get_by_text("Drammen")).to_have_count(0)
    expect(phone.get_by_text("Nyvervet")).to_have_count(0)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


# Words the layout broke inside (a hyphen or dash is a place to break, so such words are left
# out), in the dashboard's tables.
WORDS_BROKEN_INSIDE = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest(".dashboard-table, .targets")) continue;
    if (node.parentElement.closest(".visually-hidden")) continue;
    for (const match of node.data.matchAll(/[^\\s\\-–]+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      if (range.getClientRects().length > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


@pytest.mark.parametrize(
    "email",
    ["styre@demo.buskerudsp.no", "admin@demo.buskerudsp.no", "leder.gol@demo.buskerudsp.no"],
)
def test_the_demo_dashboard_fits_a_desktop_and_a_phone(page, live_server, demo_org, email):
    login(page, live_server, email, DEMO_PASSWORD)
    for width, height in [(1280, 800), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{live_server.url}/dashbord/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width
        assert page.evaluate(WORDS_BROKEN_INSIDE) == [], width
        if email.startswith("leder"):
            expect(page.locator(".dashboard-table")).to_have_count(0)
            continue
        # The per-chapter and per-district tables scroll in their own box, which says so and
        # takes keyboard focus; the chapter names stay at the left edge.
        for name in ("Tabellen per lokallag", "Tabellen per distrikt"):
            region = page.get_by_role("region", name=name, exact=True)
            expect(region).to_have_class(re.compile(r"\bis-scrollable\b"))
            expect(region).to_have_attribute("tabindex", "0")
        hints = page.locator(".scroll-hint")
        expect(hints).to_have_count(2)
        for index in range(2):
            expect(hints.nth(index)).to_be_visible()
        table = page.get_by_role("region", name="Tabellen per lokallag", exact=True)
        first = table.get_by_role("row").nth(1).get_by_role("rowheader")
        before = first.bounding_box()["x"]
        table.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
        expect(table).to_have_class(re.compile(r"\bat-end\b"))
        assert first.bounding_box()["x"] == before
        assert page.evaluate("document.documentElement.scrollWidth") <= width, width


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) mangler")
def test_the_dashboard_pdf_downloads_and_has_text(page, live_server, plan, board_user, tmp_path):
    year = timezone.localdate().year
    login(page, live_server, "styre@test.no")
    with page.expect_download() as info:
        page.get_by_role("link", name="Last ned som PDF").click()
    download = info.value
    assert download.suggested_filename == f"dashbord-{year}.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    text = " ".join(
        subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert f"Virksomhetsplanens mål {year}" in text
    assert "Nye medlemmer" in text and "Gol Senterparti" in text
