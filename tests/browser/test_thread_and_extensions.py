"""The clarification thread and a deadline extension in headless Chromium, at 1280 and 360 px:
an empty message is refused with the error summary, the secretariat asks and the agency
answers on the report page, the thread shows in the history; the secretariat extends Samux's
due date on the compliance table and the public agency page says "extended". Axe finds
nothing serious or critical on any of these pages. Screenshots go to
test-artifacts/thread/<width>/."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from agencies.models import Agency
from plans.models import Measure
from reports import services
from reports.models import Clarification, DeadlineExtension, ReportingPeriod
from tests.browser.test_report_form import Session as FormSession
from tests.browser.test_reporting_journey import DRAFT, portal  # noqa: F401
from tests.conftest import OPEN_GOV

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "thread"
QUESTION = "Seminarların iştirakçılarının sayını yazın, zəhmət olmasa."
ANSWER = "Hər seminarda 40 nəfər iştirak edib."


class Session(FormSession):
    artifacts = ARTIFACTS


def submitted_report():
    samux = Agency.objects.get(slug="samux-rayon-icra-hakimiyyeti")
    period = ReportingPeriod.objects.get(plan__slug=OPEN_GOV, year=2021)
    staff = get_user_model().objects.get(username="samux")
    report = services.save_report(
        user=staff,
        measure=Measure.objects.get(plan__slug=OPEN_GOV, number="1.9"),
        agency=samux,
        period=period,
        works_done=DRAFT,
        status="done",
    )
    return services.submit_report(report=report, user=staff)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_secretariat_asks_and_the_agency_answers(browser, portal, width):  # noqa: F811
    report = submitted_report()
    detail = f"{portal}/workspace/reports/{report.pk}/"
    secretariat = Session(browser, portal, width).login("katib")
    page = secretariat.page
    page.goto(detail)
    page.click("#clarifications button[type=submit]")  # nothing written
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.locator(".error-summary a[href='#id_text']").count() == 1
    secretariat.shot("01-empty-message-refused")
    page.fill("#id_text", QUESTION)
    page.click("#clarifications button[type=submit]")
    page.wait_for_url(re.compile(r".*/reports/\d+/#clarifications$"))
    assert QUESTION in page.inner_text("#clarifications")
    secretariat.shot("02-question-sent")
    secretariat.context.close()

    staff = Session(browser, portal, width).login("samux")
    page = staff.page
    page.goto(detail)
    page.fill("#id_text", ANSWER)
    page.click("#clarifications button[type=submit]")
    page.wait_for_url(re.compile(r".*#clarifications$"))
    staff.shot("03-answer-sent")
    page.goto(detail + "history/")
    history = page.inner_text(".history")
    assert history.index(ANSWER) < history.index(QUESTION)  # newest first
    staff.shot("04-history-with-the-thread")
    staff.context.close()
    assert Clarification.objects.count() == 2
    report.refresh_from_db()
    assert report.state == "submitted"


@pytest.mark.parametrize("width", [1280, 360])
def test_the_secretariat_extends_a_due_date(browser, portal, width):  # noqa: F811
    period = ReportingPeriod.objects.get(plan__slug=OPEN_GOV, year=2021)
    samux = Agency.objects.get(slug="samux-rayon-icra-hakimiyyeti")
    secretariat = Session(browser, portal, width).login("katib")
    page = secretariat.page
    page.goto(f"{portal}/workspace/periods/{period.pk}/compliance/")
    secretariat.shot("05-compliance")
    page.click("form[action$='/extensions/'] button[type=submit]")  # nothing chosen
    assert page.locator(".error-summary a[href='#id_due_date']").count() == 1
    secretariat.shot("06-extension-refused")
    page.select_option("#id_agency", str(samux.pk))
    page.fill("#id_due_date", "2030-03-15")
    page.fill("#id_reason", "Rayonda struktur dəyişiklikləri.")
    page.click("form[action$='/extensions/'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/compliance/$"))
    assert "15.03.2030" in page.inner_text("table.compliance")
    secretariat.shot("07-extended")
    secretariat.context.close()
    assert DeadlineExtension.objects.get().agency == samux

    citizen = Session(browser, portal, width)
    citizen.page.goto(f"{portal}/agencies/{samux.slug}/")
    assert "15.03.2030" in citizen.page.inner_text("main")
    citizen.shot("08-public-agency-page")
    citizen.context.close()
