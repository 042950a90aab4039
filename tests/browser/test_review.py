"""The secretariat's review in headless Chromium: a resubmission shows the return note and
the diff since the return; bulk accept of 20 reports with a confirmation; axe (0 critical,
0 serious) on the queue, the confirmation page and a report, at 1280 and 360 px.
Screenshots go to test-artifacts/report-form/<width>/ (review-*)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from plans.models import Plan
from reports import services
from reports.models import ProgressReport, ReportingPeriod
from reports.obligations import obligations_for_period
from tests.browser.test_report_form import Session
from tests.browser.test_reporting_journey import portal  # noqa: F401
from tests.conftest import OPEN_GOV
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = "Samux RİH: etik davranış qaydaları üzrə iki seminar keçirilib."
FIXED = "Samux RİH: etik davranış qaydaları üzrə üç seminar keçirilib, 12 mart 2021."
COMMENT = "Seminarların tarixlərini yazın."


def period() -> ReportingPeriod:
    return ReportingPeriod.objects.get(plan__slug=OPEN_GOV, year=2021)


def resubmitted_1_9() -> ProgressReport:
    users = get_user_model().objects
    samux, katib = users.get(username="samux"), users.get(username="katib")
    obligation = next(
        o
        for o in obligations_for_period(period())
        if o.measure.number == "1.9" and o.agency.slug == "samux-rayon-icra-hakimiyyeti"
    )
    draft = services.save_report(
        measure=obligation.measure,
        agency=obligation.agency,
        period=period(),
        user=samux,
        works_done=DRAFT,
        status="in_progress",
    )
    services.submit_report(report=draft, user=samux)
    services.return_report(report=draft, user=katib, comment=COMMENT)
    services.save_report(report=draft, user=samux, works_done=FIXED, status="done")
    return services.submit_report(report=draft, user=samux)


def twenty_submitted() -> list[ProgressReport]:
    filer = UserFactory(username="filer")
    obligations = [o for o in obligations_for_period(period()) if not o.recommended][:20]
    for agency in {o.agency for o in obligations}:
        MembershipFactory(user=filer, agency=agency)
    reports = []
    for obligation in obligations:
        draft = services.save_report(
            measure=obligation.measure,
            agency=obligation.agency,
            period=period(),
            user=filer,
            works_done=f"{obligation.agency.name}: {obligation.measure.number} üzrə hesabat.",
        )
        reports.append(services.submit_report(report=draft, user=filer))
    return reports


@pytest.mark.parametrize("width", [1280, 360])
def test_a_resubmission_shows_the_return_note_and_the_diff(browser, portal, width):  # noqa: F811
    report = resubmitted_1_9()
    katib = Session(browser, portal, width).login("katib")
    page = katib.page
    assert "/workspace/review/" in page.url
    row = page.locator("table.worklist tr", has=page.locator(f"a[href*='/reports/{report.pk}/']"))
    assert row.locator(".tag").count() == 1  # marked resubmitted
    katib.shot("review-01-queue")
    row.locator("a").first.click()
    page.wait_for_url(re.compile(rf".*/reports/{report.pk}/$"))
    note = page.locator(".callout-resubmitted")
    returned_on = (
        ProgressReport.history.filter(id=report.pk, history_change_reason="returned")
        .get()
        .history_date
    )
    assert timezone.localtime(returned_on).strftime("%d.%m.%Y") in note.locator("h2").inner_text()
    assert COMMENT in note.locator(".return-note").inner_text()
    inserted = " ".join(note.locator(".diff ins").all_inner_texts())
    deleted = " ".join(note.locator(".diff del").all_inner_texts())
    assert "üç" in inserted and "12 mart 2021." in inserted
    assert "iki" in deleted
    katib.shot("review-02-resubmission")
    katib.context.close()


def test_bulk_accept_of_20_reports_with_confirmation(browser, portal):  # noqa: F811
    reports = twenty_submitted()
    katib = Session(browser, portal).login("katib")
    page = katib.page
    page.goto(portal + f"/workspace/review/?plan={Plan.objects.get(slug=OPEN_GOV).pk}&year=2021")
    assert page.locator("input[data-pick]").count() == 20
    page.check("#select-all")
    assert page.locator("input[data-pick]:checked").count() == 20  # static/js/review.js
    katib.shot("review-03-queue-all-selected")
    page.click("button[value=accept]")
    page.wait_for_url(re.compile(r".*/workspace/review/bulk/\?.*"))
    assert page.locator("input[name=item]").count() == 20
    assert page.locator(".bulk-list li").count() == 20
    katib.shot("review-04-bulk-confirmation")
    page.click("form.actions button.primary")
    page.wait_for_url(re.compile(r".*/workspace/review/(\?.*)?$"))
    for item in reports:
        current = ProgressReport.objects.get(pk=item.pk)
        assert current.state == "accepted"
        assert current.history.filter(history_change_reason="accepted").count() == 1
    assert "20" in page.inner_text(".messages")
    katib.shot("review-05-after-bulk-accept")

    # The same pages on a 360 px phone, axe on each.
    phone = Session(browser, portal, width=360).login("katib")
    ids = "&".join(f"report={r.pk}" for r in reports[:5])
    for path, name in [
        ("/workspace/review/?state=accepted", "review-06-queue-accepted"),
        (f"/workspace/review/bulk/?action=publish&{ids}", "review-07-bulk-publish-confirmation"),
        (f"/workspace/reports/{reports[0].pk}/?state=accepted", "review-08-report"),
    ]:
        phone.page.goto(portal + path)
        phone.shot(name)
    phone.context.close()
    katib.context.close()
