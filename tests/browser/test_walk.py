"""Every page in each demo persona's menus, on a phone (390×844) and at 1280×800: it answers
200, the page is no wider than the window, and axe-core finds no serious or critical
violation.

The menus are the header (brand, main menu, user menu) and the section sub-menus of every page
reached through them. Staff log in with a second factor, as in production. All failures of a
persona and size are collected and reported together.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from tests.conftest import DEMO_PASSWORD
from tests.totp import add_totp, totp_code

pytestmark = pytest.mark.django_db(transaction=True)

PERSONAS = {
    "admin": "admin@demo.buskerudsp.no",
    "styre": "styre@demo.buskerudsp.no",
    "leder-a": "leder.drammen@demo.buskerudsp.no",
    "leder-b": "leder.gol@demo.buskerudsp.no",
    "medlem": "medlem@demo.buskerudsp.no",
}
STAFF = {"admin", "styre", "leder-a", "leder-b"}
SIZES = {"390x844": (390, 844), "1280x800": (1280, 800)}
MENUS = "header a[href], nav.subnav a[href]"
# Files, not pages; Django's own admin site is not ours to restyle.
SKIP = re.compile(r"\.(pdf|ics|xlsx|csv)(\?|$)|^/admin/|^/konto/logout/")

_axe = Axe()
# axe-core's defaults, and WCAG 2.2's target size (24×24 px or spaced), which is off by default.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
# WALK_SHOTS=/some/folder keeps a screenshot of every page (FAIL-… where something failed).
SHOTS = Path(os.environ["WALK_SHOTS"]) if os.environ.get("WALK_SHOTS") else None


def _login(page, base: str, email: str, secret: str | None) -> None:
    page.goto(f"{base}/konto/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    if secret is not None:
        assert "/konto/2fa/authenticate/" in page.url, page.url
        page.locator("input[name=code]").fill(totp_code(secret))
        page.locator("input[name=code]").press("Enter")
        page.wait_for_load_state()
    assert "/konto/login/" not in page.url, f"{email} did not get in"


def _menu_links(page, base: str) -> list[str]:
    hrefs = page.eval_on_selector_all(MENUS, "links => links.map(a => a.getAttribute('href'))")
    urls = []
    for href in hrefs:
        url = urljoin(page.url, href)
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if url.startswith(base) and not SKIP.search(path) and not parts.fragment:
            urls.append(path)
    return urls


def _check(page, path: str) -> list[str]:
    failures = []
    overflow = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]",
    )
    if overflow[0] > overflow[1]:
        failures.append(f"{path}: page {overflow[0]} px wide in a {overflow[1]} px window")
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    # Then the user menu, open (it covers the page below it, so only the menu itself).
    if page.evaluate(
        "(() => { const menus = document.querySelectorAll('details.user-menu');"
        " menus.forEach(d => d.open = true); return menus.length; })()"
    ):
        menu = _axe.run(page, context="details.user-menu", options=AXE_OPTIONS)
        violations += menu.response["violations"]
    for violation in violations:
        if violation["impact"] in ("serious", "critical"):
            targets = ", ".join(str(n["target"][0]) for n in violation["nodes"][:3])
            why = violation["nodes"][0].get("failureSummary", "").splitlines()[1:2]
            failures.append(
                f"{path}: axe {violation['id']} ({violation['impact']}, "
                f"{len(violation['nodes'])}×: {targets}; {' '.join(why).strip()})"
            )
    return failures


def _walk(page, base: str, start: str, label: str) -> tuple[set[str], list[str]]:
    """Every page reachable through the menus from ``start``, each checked."""
    queue, seen, failures = [start], {start}, []
    while queue:
        path = queue.pop(0)
        response = page.goto(base + path)
        status = response.status if response is not None else None
        if status != 200:
            failures.append(f"{path}: status {status}")
            continue
        landed = urlsplit(page.url)
        if landed.path != urlsplit(path).path:
            # "Start" sends leaders and members on to their own page.
            path = landed.path + (f"?{landed.query}" if landed.query else "")
            if path in seen and path != start:
                continue
            seen.add(path)
        found = _check(page, path)
        if SHOTS:
            name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "start"
            mark = "FAIL-" if found else ""
            page.screenshot(path=SHOTS / f"{mark}{label}-{name}.png", full_page=True)
        failures += found
        for link in _menu_links(page, base):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return seen, failures


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_menu_page_fits_and_passes_axe(browser, live_server, demo_org, settings, persona):
    """One login per persona, and the walk at each size in turn (the window resized), rather
    than a login (and a copy of the demo) per size."""
    settings.REQUIRE_MFA_FOR_STAFF = True
    email = PERSONAS[persona]
    secret = add_totp(get_user_model().objects.get(email=email)) if persona in STAFF else None
    first = next(iter(SIZES.values()))
    context = browser.new_context(viewport={"width": first[0], "height": first[1]}, locale="nb-NO")
    page = context.new_page()
    base = live_server.url
    failures, pages = [], {}
    try:
        _login(page, base, email, secret)
        start = urlsplit(page.url).path
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            seen, found = _walk(page, base, start, f"{persona}-{size}")
            pages[size] = sorted(seen)
            failures += [f"{size} {failure}" for failure in found]
    finally:
        context.close()
    for size, seen in pages.items():
        assert len(seen) > 3, f"{size}: only {seen} found in the menus"
    counts = {size: len(seen) for size, seen in pages.items()}
    assert not failures, f"{persona}, pages {counts}:\n" + "\n".join(failures)
