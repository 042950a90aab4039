"""A citizen's journey in headless Chromium, on a desktop and on a 360 px phone, checked by axe.

Screenshots of every page go to test-artifacts/browser/<width>/.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from reports.importers.seeds import import_seeds
from tests.conftest import ANTI_CORRUPTION

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def portal(live_server):
    """The live server with the seed data (its transactional database starts empty)."""
    import_seeds(settings.FIXTURES_DIR)
    return live_server.url


class Visit:
    """One browser page that screenshots and axe-checks every page it lands on."""

    def __init__(self, page, width: int):
        self.page = page
        self.folder = ARTIFACTS / str(width)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.width = width
        self.shots = 0

    def check(self, name: str, axe: bool = True) -> None:
        self.page.wait_for_load_state("load")
        self.shots += 1
        self.page.screenshot(path=self.folder / f"{self.shots:02d}-{name}.png", full_page=True)
        overflow = self.page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= self.width + 1, f"{name}: page is {overflow}px wide at {self.width}px"
        if axe:
            # Evaluated by the browser, not added as an inline <script>, which the CSP refuses.
            self.page.evaluate(AXE.read_text(encoding="utf-8"))
            result = self.page.evaluate("async () => JSON.stringify(await axe.run(document))")
            violations = [
                f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                for v in json.loads(result)["violations"]
                if v["impact"] in BLOCKING
            ]
            assert not violations, f"{name}: {violations}"


@pytest.mark.parametrize("width", [1280, 360])
def test_citizen_finds_a_measure_and_reads_an_agencys_2022_statement(browser, portal, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="az-AZ")
    page = context.new_page()
    visit = Visit(page, width)

    page.goto(f"{portal}/")
    assert page.locator("html").get_attribute("lang") == "az"
    visit.check("home")

    page.get_by_role("link", name="Korrupsiyaya qarşı mübarizənin").first.click()
    assert page.url.endswith(f"/plans/{ANTI_CORRUPTION}/")
    visit.check("board")

    page.locator(".filter-panel summary").click()  # the filters fold away: results first
    page.select_option("#f-agency", "edliyye-nazirliyi")
    page.select_option("#f-status", "not_stated")
    page.locator(".board-filters button[type=submit]").click()
    assert "agency=edliyye-nazirliyi" in page.url and "status=not_stated" in page.url
    assert page.locator(".chip").count() == 3  # agency, status, clear all
    visit.check("board-filtered")

    page.locator(".filter-panel summary").click()
    page.fill("#f-q", "edliyye")
    page.locator(".board-filters button[type=submit]").click()
    assert "q=edliyye" in page.url
    assert page.locator("mark", has_text="Ədliyyə").count() > 0
    visit.check("board-search")

    page.emulate_media(media="print")
    assert not page.locator(".filter-panel").is_visible()  # the print stylesheet
    page.screenshot(path=visit.folder / "04b-board-print.png", full_page=True)
    page.emulate_media(media="screen")

    page.locator(".measure h3 a", has_text="2.1").first.click()
    assert "/measures/2.1/" in page.url
    statement = (
        page.locator("#year-2022")
        .locator("xpath=..")
        .locator("article", has_text="Ədliyyə Nazirliyi")
    )
    assert statement.count() == 1
    assert "Məhkəmələr və hakimlər haqqında" in statement.inner_text()
    visit.check("measure")

    statement.get_by_role("link", name="Ədliyyə Nazirliyi").click()
    assert "/agencies/edliyye-nazirliyi/" in page.url
    visit.check("agency")

    page.locator(".language-switch button[value=en]").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "/agencies/edliyye-nazirliyi/" in page.url
    assert page.get_by_text("Reporting record").count() > 0
    visit.check("agency-english")

    page.goto(f"{portal}/plans/{ANTI_CORRUPTION}/measures/2.1/")
    assert page.get_by_role("heading", name="Status by year").count() == 1
    visit.check("measure-english")

    page.fill("#header-q", "EDLIYYE")
    page.locator(".header-search button").click()
    assert "/search/?q=EDLIYYE" in page.url
    assert page.locator(".search-results mark", has_text="Ədliyyə").count() > 0
    visit.check("search")

    page.goto(f"{portal}/agencies/?q=samux")
    # Found by its Azerbaijani name, shown by its English one on the English page.
    assert page.locator("main li a", has_text="Samukh District Executive Authority").count() == 1
    visit.check("agencies")
    context.close()


def test_board_filters_work_with_javascript_off(browser, portal):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{portal}/plans/{ANTI_CORRUPTION}/")
    page.locator(".filter-panel summary").click()  # a <details>: opens without JavaScript
    page.select_option("#f-priority", "2")
    page.locator(".board-filters button[type=submit]").click()
    assert "priority=2" in page.url
    numbers = page.locator(".measure .number").all_inner_texts()
    assert numbers and all(number.startswith("2.") for number in numbers)
    page.goto(f"{portal}/search/?q=korrupsiya")
    assert page.locator(".search-results mark").count() > 0
    context.close()
