"""Browser tests drive the system's Chromium through Playwright (no browser download)."""

import pytest

from tests.conftest import PASSWORD, chromium_path

CHROMIUM = chromium_path()
SKIP_REASON = "Chromium finnes ikke (/usr/bin/chromium): nettlesertester hoppes over. Installer med `apt-get install chromium`."


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not CHROMIUM:
                item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def phone(browser):
    """A page the size of a phone (390×844), as chapter leaders use the portal."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="nb-NO")
    page = context.new_page()
    yield page
    context.close()


def login(page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nb-NO"}
