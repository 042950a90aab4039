"""The report form in headless Chromium: text and a file saved in one go, the error summary
(focused, linked to the field, text kept), the warning before leaving unsaved text, and
internal evidence that the public cannot download. Screenshots go to
test-artifacts/report-form/<width>/."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from reports.models import Evidence, ProgressReport
from tests.accounts.conftest import current_code
from tests.browser.test_reporting_journey import PASSWORD, portal, report  # noqa: F401
from tests.conftest import OPEN_GOV

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "report-form"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
TEXT = "Samux RİH: etik davranış qaydaları üzrə iki seminar keçirilib; protokol əlavə olunur."


class Session:
    def __init__(self, browser, base: str, width: int = 1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, locale="az-AZ")
        self.page = self.context.new_page()
        self.base, self.width = base, width

    def login(self, username: str) -> "Session":
        self.page.goto(self.base + "/accounts/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click(".login-form button[type=submit]")
        self.page.wait_for_url(re.compile(r".*/(workspace|accounts/two-factor)/.*"))
        if "/accounts/two-factor/" in self.page.url:
            # The secretariat's second step, as in test_reporting_journey.
            device = TOTPDevice.objects.get(user__username=username, confirmed=True)
            device.last_t = -1  # a code works once; this test logs in twice within 30 s
            device.save(update_fields=["last_t"])
            self.page.fill("#id_code", current_code(device))
            self.page.click(".login-form button[type=submit]")
            self.page.wait_for_url(re.compile(r".*/workspace/.*"))
        return self

    def open_1_9(self) -> None:
        item = self.page.locator(
            "table.worklist tr",
            has=self.page.locator("span.number", has_text=re.compile(r"^1\.9$")),
        )
        item.locator("a").first.click()
        self.page.wait_for_selector("#id_works_done")

    # Where the screenshots go; other browser tests' sessions name their own folder.
    artifacts = ARTIFACTS

    def shot(self, name: str) -> None:
        """Screenshot the page, and check it scrolls not sideways and axe finds nothing
        serious or critical."""
        folder = self.artifacts / str(self.width)
        folder.mkdir(parents=True, exist_ok=True)
        self.page.wait_for_load_state("load")
        self.page.screenshot(path=folder / f"{name}.png", full_page=True)
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.width + 1, f"{name}: {width}px wide in a {self.width}px window"
        # Evaluated by the browser, not added as an inline <script>, which the CSP refuses.
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        result = json.loads(
            self.page.evaluate("async () => JSON.stringify(await axe.run(document))")
        )
        blocking = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert blocking == [], f"{name}: {blocking}"

    def attach(self, name: str, title: str, visibility: str) -> None:
        self.page.fill("#id_evidence_title", title)
        self.page.set_input_files(
            "#id_evidence_file", files=[{"name": name, "mimeType": "image/png", "buffer": PNG}]
        )
        self.page.check(f"input[name=evidence_visibility][value={visibility}]")


@pytest.mark.parametrize("width", [1280, 360])
def test_text_typed_then_a_file_added_are_saved_together(browser, portal, width):  # noqa: F811
    staff = Session(browser, portal, width).login("samux")
    page = staff.page
    staff.open_1_9()
    page.select_option("#id_status", "in_progress")
    page.fill("#id_works_done", TEXT)
    staff.attach("protokol.png", "Seminarın protokolu", "public")
    staff.shot("01-text-and-file-before-saving")
    page.click("button[value=save]")
    page.wait_for_url(re.compile(r".*/reports/\d+/edit/$"))
    assert page.input_value("#id_works_done") == TEXT
    assert "Seminarın protokolu" in page.inner_text(".evidence-list")
    evidence = Evidence.objects.get(report=report())
    assert evidence.file and evidence.is_public and report().works_done == TEXT
    staff.shot("02-saved-with-the-file")
    staff.context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_an_empty_submission_shows_the_summary_focused_and_keeps_what_was_typed(
    browser,
    portal,  # noqa: F811
    width,
):
    staff = Session(browser, portal, width).login("samux")
    page = staff.page
    staff.open_1_9()
    page.click("button[value=save]")  # nothing at all
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert not ProgressReport.objects.filter(
        measure__plan__slug=OPEN_GOV, measure__number="1.9", period__year=2021
    ).exists()
    staff.shot("03-empty-report-refused")

    page.select_option("#id_status", "done")
    page.fill("#id_evidence_title", "Xəbər")
    page.fill("#id_evidence_url", "https://samux.gov.az/xeber")
    page.check("input[name=evidence_visibility][value=public]")
    page.click("button[value=submit]")  # still no text
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    links = summary.locator("a")
    assert links.count() == 1 and links.first.get_attribute("href") == "#id_works_done"
    assert page.get_attribute("#id_works_done", "aria-invalid") == "true"
    described = page.get_attribute("#id_works_done", "aria-describedby")
    assert "id_works_done_error" in described.split()
    assert page.input_value("#id_status") == "done"
    assert page.input_value("#id_evidence_url") == "https://samux.gov.az/xeber"
    assert page.input_value("#id_evidence_title") == "Xəbər"
    staff.shot("04-submitted-without-text")
    links.first.click()
    assert page.evaluate("document.activeElement.id") == "id_works_done"
    staff.context.close()


def test_leaving_unsaved_text_asks_first(browser, portal):  # noqa: F811
    staff = Session(browser, portal).login("samux")
    page = staff.page
    staff.open_1_9()
    page.click("#id_works_done")
    page.keyboard.type("Yarımçıq mətn")
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.click("a.brand")
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.input_value("#id_works_done") == "Yarımçıq mətn"  # stayed on the form
    staff.context.close()


def test_the_public_downloads_public_evidence_and_never_internal(browser, portal):  # noqa: F811
    staff = Session(browser, portal).login("samux")
    page = staff.page
    staff.open_1_9()
    page.fill("#id_works_done", TEXT)
    staff.attach("protokol.png", "Açıq protokol", "public")
    page.click("button[value=save]")
    page.wait_for_url(re.compile(r".*/edit/$"))
    staff.attach("siyahi.png", "İştirakçıların siyahısı", "internal")
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r".*/reports/\d+/$"))
    assert report().state == "submitted"

    secretariat = Session(browser, portal).login("katib")
    spage = secretariat.page
    spage.goto(portal + f"/workspace/reports/{report().pk}/")
    spage.click("form[action$='/accept/'] button")
    # The year's publish step lists the same, on a page of its own (asking changes nothing).
    spage.goto(portal + f"/workspace/periods/{report().period_id}/publish/")
    listing = spage.inner_text("main")
    assert "Açıq protokol" in listing and "İştirakçıların siyahısı" in listing
    secretariat.shot("06-publish-the-year-lists-what-becomes-public")
    phone = Session(browser, portal, width=360).login("katib")
    phone.page.goto(portal + f"/workspace/reports/{report().pk}/")
    phone.page.click("details.confirm-step summary")
    phone.shot("05-publish-step-lists-what-becomes-public")
    phone.page.goto(portal + f"/workspace/periods/{report().period_id}/publish/")
    phone.shot("06-publish-the-year-lists-what-becomes-public")
    phone.context.close()
    assert report().state == "accepted"
    spage.goto(portal + f"/workspace/reports/{report().pk}/")
    spage.click("details.confirm-step summary")
    confirm = spage.inner_text("details.confirm-step")
    becomes, stays = confirm.split("İştirakçıların siyahısı")[0], confirm
    assert "Açıq protokol" in becomes and "İştirakçıların siyahısı" in stays
    secretariat.shot("05-publish-step-lists-what-becomes-public")
    spage.click("form[action$='/publish/'] button")
    assert report().state == "published"

    public = Evidence.objects.get(report=report(), is_public=True)
    internal = Evidence.objects.get(report=report(), is_public=False)
    citizen = Session(browser, portal)
    citizen.page.goto(portal + f"/plans/{OPEN_GOV}/measures/1.9/")
    text = citizen.page.inner_text("main")
    assert "Açıq protokol" in text and "İştirakçıların siyahısı" not in text
    ok = citizen.context.request.get(portal + f"/evidence/{public.pk}/")
    assert ok.status == 200 and ok.body() == PNG
    assert citizen.context.request.get(portal + f"/evidence/{internal.pk}/").status == 404
    for session in (staff, secretariat, citizen):
        session.context.close()
