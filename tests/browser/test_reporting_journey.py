"""The reporting workflow end to end in headless Chromium.

Samux's staff see item 1.9 among their obligations, save a draft and submit; the secretariat
returns it with a comment; staff fix and resubmit; the secretariat accepts and publishes; an
anonymous visitor reads the text on the measure page. Screenshots of every step go to
test-artifacts/reporting/ (desktop, and the main pages again at 360 px).
"""

import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from agencies.models import Agency
from plans.models import Measure, Plan
from reports import services
from reports.importers.seeds import import_seeds
from reports.models import ProgressReport
from tests.accounts.conftest import current_code
from tests.conftest import OPEN_GOV, SECRETARIAT_GROUP, enroll_authenticator
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "reporting"
PASSWORD = "correct-horse-battery"
DRAFT = "Samux RİH: etik davranış qaydaları üzrə iki seminar keçirilib."
FIXED = DRAFT + "\n\nSeminarlar 12 mart və 9 noyabr 2021-ci il tarixlərində keçirilib."
COMMENT = "Seminarların tarixlərini yazın."


@pytest.fixture
def portal(live_server, settings):
    """The live server with the seed data, the two personas and 2021 opened."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    import_seeds(settings.FIXTURES_DIR)
    secretariat = UserFactory(username="katib", is_staff=True)
    secretariat.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    enroll_authenticator(secretariat)
    samux = Agency.objects.get(slug="samux-rayon-icra-hakimiyyeti")
    MembershipFactory(user=UserFactory(username="samux"), agency=samux)
    services.open_period(
        plan=Plan.objects.get(slug=OPEN_GOV),
        year=2021,
        due_date=date(2030, 1, 31),
        user=secretariat,
        notify=False,
    )
    return live_server.url


class Session:
    """One logged-in browser context that screenshots each step."""

    def __init__(self, browser, base: str, width: int = 1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="az-AZ")
        self.page = self.context.new_page()
        self.base = base
        self.width = width

    def login(self, username: str) -> "Session":
        self.page.goto(self.base + "/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click(".login-form button[type=submit]")
        self.page.wait_for_url(re.compile(r".*/(workspace|accounts/two-factor)/.*"))
        if "/accounts/two-factor/" in self.page.url:
            # The secretariat's second step: the code its authenticator app shows now.
            device = TOTPDevice.objects.get(user__username=username, confirmed=True)
            # A code works once; this test logs in several times within one 30-second step,
            # where a person would wait for the next code.
            device.last_t = -1
            device.save(update_fields=["last_t"])
            self.shot("00-second-factor")
            self.page.fill("#id_code", current_code(device))
            self.page.click(".login-form button[type=submit]")
            self.page.wait_for_url(re.compile(r".*/workspace/.*"))
        return self

    def shot(self, name: str) -> None:
        folder = ARTIFACTS / str(self.width)
        folder.mkdir(parents=True, exist_ok=True)
        self.page.wait_for_load_state("load")
        self.page.screenshot(path=folder / f"{name}.png", full_page=True)
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.width + 1, f"{name}: {width}px wide in a {self.width}px window"


def report() -> ProgressReport:
    return ProgressReport.objects.get(
        measure__plan__slug=OPEN_GOV,
        measure__number="1.9",
        period__year=2021,
        agency__slug="samux-rayon-icra-hakimiyyeti",
    )


def test_samux_reports_on_1_9_and_the_public_reads_it(browser, portal):
    staff = Session(browser, portal).login("samux")
    page = staff.page
    item = page.locator(
        "table.worklist tr", has=page.locator("span.number", has_text=re.compile(r"^1\.9$"))
    )
    assert item.count() == 1
    # Due years ahead: not started, not missing (reports.obligations).
    assert "state-not_started" in item.inner_html()
    staff.shot("01-workspace-samux-owes-1.9")

    item.locator("a").first.click()
    page.select_option("#id_status", "in_progress")
    page.fill("#id_works_done", DRAFT)
    staff.shot("02-form-new-draft")
    page.click("button[value=save]")
    assert report().state == "draft"
    staff.shot("03-draft-saved")
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r".*/reports/\d+/$"))
    assert report().state == "submitted"
    assert page.locator("a[href$='/edit/']").count() == 0  # read-only once submitted
    staff.shot("04-submitted-read-only")

    secretariat = Session(browser, portal).login("katib")
    spage = secretariat.page
    assert "/workspace/review/" in spage.url
    secretariat.shot("05-review-queue")
    spage.click(f"a[href$='/workspace/reports/{report().pk}/']")
    spage.click("a[href$='/return/']")
    spage.fill("#id_comment", COMMENT)
    secretariat.shot("06-return-with-comment")
    spage.click("form button.primary")
    assert report().state == "returned"

    page.goto(portal + "/workspace/")
    page.click(f"a[href$='/workspace/reports/{report().pk}/']")
    assert COMMENT in page.inner_text(".callout-returned")
    staff.shot("07-returned-with-comment")
    page.click("a[href$='/edit/']")
    page.fill("#id_works_done", FIXED)
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r".*/reports/\d+/$"))
    assert report().state == "submitted" and report().works_done == FIXED
    staff.shot("08-resubmitted")

    spage.goto(portal + "/workspace/review/")
    spage.click(f"a[href$='/workspace/reports/{report().pk}/']")
    spage.click("form[action$='/accept/'] button")
    # Nothing else waits for review: back to the queue, which says so (issue 12, next in queue).
    spage.wait_for_url(re.compile(r".*/workspace/review/$"))
    assert report().state == "accepted"
    secretariat.shot("09-accepted")
    spage.goto(portal + f"/workspace/reports/{report().pk}/")
    # Publishing asks once, listing what becomes public (issue 12).
    spage.click("details.confirm-step summary")
    spage.click("form[action$='/publish/'] button")
    assert report().state == "published"
    secretariat.shot("10-published")

    citizen = Session(browser, portal)
    measure = Measure.objects.get(plan__slug=OPEN_GOV, number="1.9")
    citizen.page.goto(portal + measure.get_absolute_url())
    text = citizen.page.inner_text("main")
    assert "Seminarlar 12 mart və 9 noyabr 2021-ci il tarixlərində keçirilib." in text
    assert COMMENT not in text
    citizen.shot("11-public-measure-page")

    # The same pages on a 360 px phone.
    for username, path, name in [
        ("samux", "/workspace/", "workspace"),
        ("samux", f"/workspace/reports/{report().pk}/", "report"),
        ("samux", f"/workspace/reports/{report().pk}/history/", "history"),
        ("katib", "/workspace/review/?state=all", "review-queue"),
        ("katib", f"/workspace/reports/{report().pk}/correct/", "correction-form"),
    ]:
        phone = Session(browser, portal, width=360).login(username)
        phone.page.goto(portal + path)
        phone.shot(name)
        phone.context.close()
    for session in (staff, secretariat, citizen):
        session.context.close()
