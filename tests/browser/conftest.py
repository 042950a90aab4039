"""Browser tests share the session's seeded database with every other test, so they run last
and put the seed data back after their live server has flushed it."""

import os

import pytest
from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    """Run browser tests last: their live server flushes the database the others share."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def reseed_after_flush(request, django_db_blocker):
    """Set up before the live server's database fixture, so its teardown runs after the flush."""
    yield
    if request.node.get_closest_marker("browser"):
        from reports.importers.seeds import import_seeds

        with django_db_blocker.unblock():
            import_seeds(settings.FIXTURES_DIR)


@pytest.fixture
def browser():
    """Debian's headless Chromium through Playwright; missing, it skips (fails under CI)."""
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install chromium to run the browser tests."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # The sync Playwright API runs an event loop in this thread; the test's own ORM calls are
    # still strictly sequential.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        checked = CspCheckedBrowser(chromium)
        yield checked
        chromium.close()
    assert checked.violations == [], f"Content-Security-Policy violations: {checked.violations}"


# Injected by the browser (not by the page), so the page's own CSP does not block it: every
# violation is also written to the console, where the listener below collects it.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI} `
    + `at ${event.sourceFile}:${event.lineNumber}`);
});
"""


class CspCheckedBrowser:
    """The Playwright browser, whose every context records CSP violations from the console."""

    def __init__(self, browser):
        self._browser = browser
        self.violations: list[str] = []

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        context.on("console", self._console)
        return context

    def _console(self, message) -> None:
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            self.violations.append(f"{message.location.get('url', '')}: {text}")

    def __getattr__(self, name):
        return getattr(self._browser, name)
