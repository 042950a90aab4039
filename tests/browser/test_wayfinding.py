"""Finding one's way, in headless Chromium: at 360 px the board's first result is on the
first screen right after the filter summary; the keyboard reaches it with two Tabs; and axe
finds nothing serious or critical on every page this work added or changed, at 1280 and
360 px, in Azerbaijani and English. Screenshots go to test-artifacts/wayfinding/<width>/."""

from pathlib import Path

import pytest
from django.conf import settings

from reports.importers.seeds import import_seeds
from tests.browser.test_report_form import Session
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "wayfinding"
PHONE = {"width": 360, "height": 740}


class Wayfinding(Session):
    artifacts = ARTIFACTS

    def __init__(self, browser, base: str, width: int, language: str):
        super().__init__(browser, base, width)
        self.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}]
        )
        self.language = language

    def visit(self, path: str, name: str) -> None:
        response = self.page.goto(self.base + path)
        assert self.page.locator("html").get_attribute("lang") == self.language, path
        self.shot(f"{self.language}-{name}")
        return response


@pytest.fixture
def site(live_server):
    """The live server with the seed data (its transactional database starts empty)."""
    import_seeds(settings.FIXTURES_DIR)
    return live_server.url


@pytest.mark.parametrize("plan", [ANTI_CORRUPTION, OPEN_GOV])
def test_at_360_px_the_first_result_is_on_the_first_screen(browser, site, plan):
    context = browser.new_context(viewport=PHONE, locale="az-AZ")
    page = context.new_page()
    page.goto(f"{site}/plans/{plan}/")
    summary = page.locator("#measures-title").bounding_box()  # the count: the filter summary
    first = page.locator(".measure-list > li.measure").first
    title = first.locator("h3").bounding_box()
    assert summary["y"] + summary["height"] <= title["y"]
    assert title["y"] + 24 <= PHONE["height"], f"first result at {title['y']}px"
    folder = ARTIFACTS / "360"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"first-screen-{plan}.png")  # the viewport only
    # The keyboard: the main skip link, then "skip to results", which lands on the results.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#results"
    page.screenshot(path=folder / f"skip-to-results-{plan}.png")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#results') !== null")
    # The filters open without JavaScript and filter.
    page.locator(".filter-panel summary").click()
    page.select_option("#f-agency", "edliyye-nazirliyi")
    page.locator(".board-filters button[type=submit]").click()
    assert "agency=edliyye-nazirliyi" in page.url
    assert page.locator(".filter-panel summary").inner_text().count("1") == 1
    page.screenshot(path=folder / f"filtered-{plan}.png")
    context.close()


PAGES = [
    ("/", "home"),
    (f"/plans/{ANTI_CORRUPTION}/", "board-anti-corruption"),
    (f"/plans/{OPEN_GOV}/", "board-open-government"),
    (f"/plans/{OPEN_GOV}/?agency=edliyye-nazirliyi&status=overdue", "board-filtered"),
    ("/agencies/edliyye-nazirliyi/", "agency"),
    ("/agencies/edliyye-nazirliyi/scorecard/", "scorecard"),
    ("/agencies/edliyye-nazirliyi/widget/", "agency-widget"),
    (f"/plans/{ANTI_CORRUPTION}/widget/", "plan-widget-anti-corruption"),
    (f"/plans/{OPEN_GOV}/widget/", "plan-widget-open-government"),
    ("/about/", "about"),
    ("/contact/", "contact"),
    ("/accessibility/", "accessibility"),
    ("/privacy/", "privacy"),
    ("/open-data/", "open-data"),
    ("/feeds/", "feeds"),
]


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_axe_finds_nothing_serious_on_the_pages_added_or_changed(browser, site, width, language):
    visitor = Wayfinding(browser, site, width, language)
    for path, name in PAGES:
        response = visitor.visit(path, name)
        assert response.status == 200, path
    # With the filters open, too.
    visitor.page.goto(f"{site}/plans/{ANTI_CORRUPTION}/")
    visitor.page.locator(".filter-panel summary").click()
    visitor.shot(f"{language}-board-filters-open")
    response = visitor.visit("/no-such-page/", "not-found")
    assert response.status == 404
    visitor.context.close()
