"""The admin imports an election's results on a phone: a bad file is refused with its line and
column and nothing saved, a good one previewed and confirmed; the results page compares with
the election before, and a wrong share typed in is refused at the field. Every page fits
390 px and 1280 px and passes axe-core (no serious or critical violation)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from aktiviteter.valg.models import Valgresultat
from tests.aktiviteter.valg.resultatdata import KOMMUNER, kommune, resultat, valg
from tests.browser.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

_axe = Axe()
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}

BAD = "kommunenummer;stemmer;oppslutning\n3324;1100;37,9\n9999;10;1\n"
GOOD = "kommunenummer;kommune;stemmer;godkjente stemmer;oppslutning;mandater\n3324;Gol;1100;2900;;9\n3301;Drammen;3650;52100;7,0;4\n"


def _fits_and_passes(page, what: str) -> None:
    width, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= window, f"{what}: {width} px wide in a {window} px window"
    violations = _axe.run(page, options=AXE_OPTIONS).response["violations"]
    serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, f"{what}: {serious}"


@pytest.mark.parametrize("size", [(390, 844), (1280, 800)])
def test_admin_imports_and_checks_the_results(browser, live_server, org, admin_user, size):
    org.lag_b.kommunenummer = "3324"
    org.lag_b.save()
    for nummer in KOMMUNER:
        kommune(nummer)
    v19, v23 = valg(2019), valg(2023)
    resultat(v19, "3324", 1200, 3000, "40.00", mandater=10, demo=True)
    resultat(v19, "3301", 3000, 50000, "6.00", mandater=3, demo=True)
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, locale="nb-NO")
    page = context.new_page()
    try:
        login(page, live_server, "admin@test.no")
        page.goto(f"{live_server.url}/valg/{v23.pk}/resultater/import/")
        _fits_and_passes(page, "import page")
        page.get_by_label("CSV-fil").set_input_files(
            files=[{"name": "feil.csv", "mimeType": "text/csv", "buffer": BAD.encode()}]
        )
        page.get_by_role("button", name="Forhåndsvis").click()
        expect(page.get_by_text("Linje 3, kolonne «kommunenummer»: Ukjent kommune")).to_be_visible()
        _fits_and_passes(page, "import errors")
        assert not Valgresultat.objects.filter(valg=v23).exists()

        page.get_by_label("CSV-fil").set_input_files(
            files=[{"name": "god.csv", "mimeType": "text/csv", "buffer": GOOD.encode()}]
        )
        page.get_by_role("button", name="Forhåndsvis").click()
        expect(page.get_by_text("2 kommuner er klare til å lagres.")).to_be_visible()
        _fits_and_passes(page, "import preview")
        page.get_by_role("button", name="Lagre resultatene").click()
        expect(page.get_by_text("2 resultater er importert")).to_be_visible()
        assert Valgresultat.objects.filter(valg=v23).count() == 2

        # The results page: the change since 2019 (the 2019 figures are demo figures).
        expect(page.get_by_text("Noen av tallene er demotall")).to_be_visible()
        expect(page.get_by_text("−2,1").first).to_be_visible()
        _fits_and_passes(page, "results page")

        # A share typed in that does not fit the votes is refused at the field.
        page.get_by_role("link", name="Endre Gol").click()
        page.get_by_label("Oppslutning (%)").fill("45")
        page.get_by_role("button", name="Lagre").click()
        expect(
            page.locator(".field-andel").get_by_text("stemmer ikke med stemmene")
        ).to_be_visible()
        _fits_and_passes(page, "entry with an error")
        assert Valgresultat.objects.get(valg=v23, kommune__nummer="3324").andel != 45

        # Gol's chapter page shows its municipality's result.
        page.goto(f"{live_server.url}/lokallag/gol/")
        expect(page.get_by_role("heading", name="Valgresultater i Gol")).to_be_visible()
        _fits_and_passes(page, "chapter page")
    finally:
        context.close()
