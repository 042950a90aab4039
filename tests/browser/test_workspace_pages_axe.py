"""Every workspace and review page the other browser tests do not visit, checked by axe
(0 critical, 0 serious) and for sideways scrolling, at 1280 and 360 px, as the secretariat
and as agency staff. Screenshots go to test-artifacts/report-form/<width>/ (pages-*)."""

import pytest
from django.contrib.auth import get_user_model

from reports import services
from reports.models import ReportingPeriod
from reports.obligations import obligations_for_period
from tests.browser.test_report_form import Session
from tests.browser.test_reporting_journey import portal  # noqa: F401
from tests.conftest import OPEN_GOV

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def reports_in_every_state():
    """A submitted report (for the return page) and a published one (for the correction)."""
    users = get_user_model().objects
    samux, katib = users.get(username="samux"), users.get(username="katib")
    period = ReportingPeriod.objects.get(plan__slug=OPEN_GOV, year=2021)
    owed = [
        o
        for o in obligations_for_period(period)
        if o.agency.slug == "samux-rayon-icra-hakimiyyeti" and not o.recommended
    ][:2]
    made = []
    for obligation in owed:
        draft = services.save_report(
            measure=obligation.measure,
            agency=obligation.agency,
            period=period,
            user=samux,
            works_done=f"Samux RİH: {obligation.measure.number} üzrə görülən işlər.",
        )
        made.append(services.submit_report(report=draft, user=samux))
    submitted, published = made
    services.accept_report(report=published, user=katib)
    published = services.publish_report(report=published, user=katib)
    return period, submitted, published


@pytest.mark.parametrize("width", [1280, 360])
def test_every_other_workspace_page_passes_axe(browser, portal, width):  # noqa: F811
    period, submitted, published = reports_in_every_state()
    katib = Session(browser, portal, width).login("katib")
    for name, path in [
        ("pages-periods", "/workspace/periods/"),
        ("pages-compliance", f"/workspace/periods/{period.pk}/compliance/"),
        ("pages-return", f"/workspace/reports/{submitted.pk}/return/"),
        ("pages-correct", f"/workspace/reports/{published.pk}/correct/"),
        ("pages-history", f"/workspace/reports/{published.pk}/history/"),
        ("pages-audit", "/workspace/audit/"),
        ("pages-tasks", "/workspace/tasks/"),
        ("pages-translations", "/workspace/translations/"),
        ("pages-account", "/accounts/tokens/"),
    ]:
        response = katib.page.goto(portal + path)
        assert response.status == 200, path
        katib.shot(f"{name}-secretariat")
    katib.context.close()

    samux = Session(browser, portal, width).login("samux")
    for name, path in [
        ("pages-workspace", "/workspace/"),
        ("pages-report", f"/workspace/reports/{submitted.pk}/"),
        ("pages-history", f"/workspace/reports/{submitted.pk}/history/"),
        ("pages-account", "/accounts/tokens/"),
    ]:
        response = samux.page.goto(portal + path)
        assert response.status == 200, path
        samux.shot(f"{name}-agency")
    samux.context.close()
