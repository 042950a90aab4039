"""The signature form, the workspace list and the report form's character counter in headless
Chromium, at 1280 and 360 px, with axe: 0 critical and 0 serious. Screenshots go to
test-artifacts/signature/<width>/ (issue 12, items 4 and 7)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from reports.models import AgencySignature, ProgressReport
from tests.browser.test_report_form import Session as FormSession
from tests.browser.test_reporting_journey import portal  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "signature"


class Session(FormSession):
    artifacts = ARTIFACTS


@pytest.mark.parametrize("width", [1280, 360])
def test_signing_the_years_report_in_the_workspace(browser, portal, width):  # noqa: F811
    staff = Session(browser, portal, width).login("samux")
    page = staff.page
    staff.shot("01-workspace-not-signed")
    page.click(".signature-list a")
    page.wait_for_selector("#id_signatory_name")
    staff.shot("02-signature-form")

    page.fill("#id_signatory_position", "Samux RİHB-nin müavini")
    page.fill("#id_letter_date", "2022-01-26")
    page.click(".signature-form button[type=submit]")
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    hrefs = [a.get_attribute("href") for a in page.locator(".error-summary a").all()]
    assert hrefs == ["#id_signatory_name", "#id_signed_on", "#id_letter_number"]
    assert page.input_value("#id_signatory_position") == "Samux RİHB-nin müavini"
    assert not AgencySignature.objects.exists()
    staff.shot("03-signature-refused")

    page.fill("#id_signatory_name", "Kəmalə Xəlilova")
    page.fill("#id_signed_on", "2022-01-25")
    page.fill("#id_letter_number", "1-4/2871")
    page.click(".signature-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/workspace/$"))
    listing = page.inner_text(".signature-list")
    assert "Kəmalə Xəlilova" in listing and "1-4/2871" in listing
    assert AgencySignature.objects.get().letter_number == "1-4/2871"
    staff.shot("04-workspace-signed")
    staff.context.close()


@pytest.mark.parametrize("width", [1280, 360])
def test_the_counter_follows_the_text_and_a_text_over_the_limit_is_refused(
    browser,
    portal,  # noqa: F811
    settings,
    width,
):
    settings.REPORT_TEXT_MAX_LENGTH = 100
    staff = Session(browser, portal, width).login("samux")
    page = staff.page
    staff.open_1_9()
    counter = page.locator("#id_works_done_count")
    assert counter.get_attribute("aria-live") == "polite"
    page.fill("#id_works_done", "Seminar keçirilib.")
    expect(counter).to_contain_text("82")
    staff.shot("05-counter")
    page.fill("#id_works_done", "ə" * 120)
    expect(counter).to_contain_text("20")
    assert "character-count-over" in counter.get_attribute("class")
    page.click("button[value=save]")
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.get_attribute("#id_works_done", "aria-invalid") == "true"
    assert "100" in page.inner_text("#id_works_done_error")
    assert page.input_value("#id_works_done") == "ə" * 120
    assert (
        not ProgressReport.objects.filter(agency__slug="samux-rayon-icra-hakimiyyeti")
        .filter(period__year=2021)
        .exists()
    )
    staff.shot("06-text-over-the-limit")
    staff.context.close()
