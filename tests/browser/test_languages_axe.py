"""The public pages in Azerbaijani, English and Russian in headless Chromium, checked by axe:
no language problem at all (html lang, valid lang of every fragment), nothing serious or
critical, and Azerbaijani fragments of English and Russian pages marked lang="az".

Screenshots go to test-artifacts/languages/<language>/."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.test_citizen_journey import portal  # noqa: F401
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "languages"
LANG_RULES = {"html-has-lang", "html-lang-valid", "html-xml-lang-mismatch", "valid-lang"}
PAGES = [
    ("home", "/"),
    ("board-open-government", f"/plans/{OPEN_GOV}/"),
    (
        "board-filtered",
        f"/plans/{ANTI_CORRUPTION}/?agency=edliyye-nazirliyi&q=korrupsiya&priority=2",
    ),
    ("measure", f"/plans/{ANTI_CORRUPTION}/measures/2.1/"),
    ("measure-categories", f"/plans/{OPEN_GOV}/measures/1.9/"),
    ("agencies", "/agencies/"),
    ("agency", "/agencies/samux-rayon-icra-hakimiyyeti/"),
    ("search", "/search/?q=edliyye"),
    ("amendments", f"/plans/{OPEN_GOV}/amendments/"),
    ("scorecard", "/agencies/edliyye-nazirliyi/scorecard/"),
    ("civil-society", "/civil-society/"),
    ("organisation", "/civil-society/aht-platformasi/"),
    ("registered-plan", "/plans/open-government-2016-2018/"),
    ("about", "/about/"),
    ("accessibility", "/accessibility/"),
    ("feeds", "/feeds/"),
    ("open-data", "/open-data/"),
]
# Text nodes with letters only Azerbaijani writes whose nearest lang is not Azerbaijani.
UNMARKED = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!/[əƏğĞıİşŞçÇöÖüÜ]/.test(node.textContent) || parent.closest("script, style")) continue;
    const marked = parent.closest("[lang]");
    if (!marked || !marked.lang.startsWith("az")) found.push(node.textContent.trim());
  }
  return found;
}"""


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_public_pages_pass_axe_in_every_language(browser, portal, language):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "django_language", "value": language, "url": portal}])
    page = context.new_page()
    folder = ARTIFACTS / language
    folder.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES:
        response = page.goto(portal + path)
        assert response.status == 200, path
        page.wait_for_load_state("load")
        page.screenshot(path=folder / f"{name}.png", full_page=True)
        assert page.locator("html").get_attribute("lang") == language, path
        # Evaluated by the browser, not added as an inline <script>, which the CSP refuses.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        result = json.loads(page.evaluate("async () => JSON.stringify(await axe.run(document))"))
        problems = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"} or v["id"] in LANG_RULES
        ]
        assert problems == [], f"{language} {name}: {problems}"
        if language != "az":
            assert page.evaluate(UNMARKED) == [], f"{language} {name}"
    context.close()
