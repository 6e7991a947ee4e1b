"""An anonymous visitor reads the public calendar on a phone and at a desk: filters by chapter,
opens a stand, sees the shifts that need people and takes the event into their own calendar.
The compact page shows inside an iframe on the party's site, and nowhere else."""

from __future__ import annotations

import pytest
import time_machine
from axe_playwright_python.sync_playwright import Axe
from icalendar import Calendar
from playwright.sync_api import expect

from tests.aktiviteter.arrangementer.conftest import NOW, make_calendar

pytestmark = pytest.mark.django_db(transaction=True)

AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
_axe = Axe()


def fits_and_passes_axe(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url
    serious = [
        f"{v['id']}: {v['nodes'][0]['target']}"
        for v in _axe.run(page, options=AXE_OPTIONS).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_a_visitor_finds_a_stand_and_takes_it_into_their_calendar(
    browser, live_server, org, width, height
):
    with time_machine.travel(NOW, tick=True):
        make_calendar(org)
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="nb-NO", accept_downloads=True
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/arrangementer/")
        expect(
            page.get_by_role("heading", name="Arrangementer i Buskerud Senterparti")
        ).to_be_visible()
        expect(page.get_by_role("heading", name="Valgkampåpning på Gol")).to_be_visible()
        expect(page.get_by_text("Sigrid")).to_have_count(0)
        fits_and_passes_axe(page)

        # The chapter filter (the select submits itself; the button is there without JS).
        page.get_by_label("Lag").select_option(label="Drammen Senterparti")
        expect(page).to_have_url(f"{live_server.url}/arrangementer/?lag=drammen&type=")
        expect(page.get_by_role("heading", name="Valgkampåpning på Gol")).to_have_count(0)
        expect(page.get_by_role("heading", name="Folkemøte om sykehuset")).to_be_visible()
        fits_and_passes_axe(page)

        page.get_by_role("link", name="Stand på Bragernes torg").click()
        expect(page.get_by_role("heading", name="Vakter som trenger folk")).to_be_visible()
        expect(page.get_by_text("trenger 2 til")).to_be_visible()
        expect(page.get_by_text("12:00–13:00")).to_have_count(0)  # the full shift
        expect(page.get_by_text("Vaktesen")).to_have_count(0)
        expect(page.get_by_role("link", name="Logg inn for å ta en vakt")).to_be_visible()
        fits_and_passes_axe(page)

        with page.expect_download() as info:
            page.get_by_role("link", name="Legg i kalender").click()
        download = info.value
        assert download.suggested_filename.endswith(".ics")
        with open(download.path(), "rb") as file:
            events = Calendar.from_ical(file.read()).walk("VEVENT")
        assert [str(e["SUMMARY"]) for e in events] == [
            "Stand på Bragernes torg (Drammen Senterparti)"
        ]
        context.close()


FRAME_PAGE = """<!DOCTYPE html><html lang="nb"><head><title>Lokallagets side</title></head>
<body><h1>Velkommen</h1><iframe src="{src}" title="Arrangementer" width="100%"
height="700"></iframe></body></html>"""


@pytest.fixture
def site_browser(browser_type, browser_type_launch_args):
    """A browser that lets a public site frame the test server on localhost: Chromium's local
    network access checks would block that frame before the calendar's own headers are read
    (in production both sites are public)."""
    args = [*browser_type_launch_args["args"], "--disable-features=LocalNetworkAccessChecks"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    yield browser
    browser.close()


@pytest.mark.parametrize("width,height", [(390, 844), (1280, 800)])
def test_the_embedded_calendar_shows_in_a_frame_on_the_partys_site_only(
    site_browser, live_server, org, width, height
):
    with time_machine.travel(NOW, tick=True):
        make_calendar(org)
        context = site_browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        embed = f"{live_server.url}/arrangementer/?innebygd=1&lag=drammen"
        full = f"{live_server.url}/arrangementer/"
        pages = {
            "https://www.senterpartiet.no/drammen/": embed,
            "https://fremmed.example/": embed,
            "https://drammen.senterpartiet.no/full/": full,
        }

        def serve(route):
            route.fulfill(
                content_type="text/html", body=FRAME_PAGE.format(src=pages[route.request.url])
            )

        for url in pages:
            page.route(url, serve)

        page.goto("https://www.senterpartiet.no/drammen/")
        frame = page.frame_locator("iframe")
        expect(frame.get_by_role("heading", name="Stand på Bragernes torg")).to_be_visible()
        expect(frame.locator(".site-header")).to_have_count(0)
        frame.get_by_label("Hva").select_option(label="Stand")
        expect(frame.get_by_role("heading", name="Folkemøte om sykehuset")).to_have_count(0)
        expect(frame.get_by_role("heading", name="Stand på Bragernes torg")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        inner = page.frames[1]
        assert "innebygd=1" in inner.url
        assert inner.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

        # Another site, or the full page on the party's site: the browser refuses the frame
        # (its load event waits for the frame, which then holds the browser's error page).
        for other in ("https://fremmed.example/", "https://drammen.senterpartiet.no/full/"):
            page.goto(other, wait_until="load")
            for _ in range(50):  # the frame's URL shows the error page a moment after load
                urls = [f.url for f in page.frames[1:]]
                if urls != [""]:
                    break
                page.wait_for_timeout(100)
            assert urls == ["chrome-error://chromewebdata/"], other
            expect(page.frame_locator("iframe").get_by_text("Bragernes")).to_have_count(0)
        context.close()
