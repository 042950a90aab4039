"""Civil society end to end in headless Chromium: an organisation member publishes an
assessment of an anti-corruption measure; the executing agency is told (mail and workspace)
and replies; the public measure page shows the agency's reported status, the accepted one and
the assessment with the reply, flagged; the board's filter finds the measure; the feed and the
API carry both texts. Screenshots (with axe) go to test-artifacts/civil-society/<width>/."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail

from agencies.models import Agency
from civic.models import Assessment, Organisation, OrganisationMembership, Reply
from plans.models import Measure
from reports import services as report_services
from reports.importers.seeds import import_seeds
from reports.models import ProgressReport
from tests.browser.test_report_form import Session as ReportSession
from tests.conftest import ANTI_CORRUPTION, SECRETARIAT_GROUP, enroll_authenticator
from tests.factories import MembershipFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ASSESSMENT = "Özəl məhkəmə ekspertizası institutu üzrə normativ akt hələ qəbul edilməyib."
REPLY = "Nazirlik layihəni hazırlayıb və aidiyyəti qurumlarla razılaşdırıb."


class Session(ReportSession):
    artifacts = Path(settings.BASE_DIR) / "test-artifacts" / "civil-society"


@pytest.fixture
def portal(live_server, settings):
    """Seeds; a member of an organisation; staff of Ədliyyə Nazirliyi, the only executor of
    anti-corruption 6.8, whose published 2022 statement the secretariat records as done."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    import_seeds(settings.FIXTURES_DIR)
    secretariat = UserFactory(username="katib", is_staff=True)
    secretariat.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    enroll_authenticator(secretariat)
    organisation = Organisation.objects.create(name="Şəffaflıq Monitorinqi", slug="seffaflig")
    OrganisationMembership.objects.create(
        user=UserFactory(username="qht"), organisation=organisation
    )
    agency = Agency.objects.get(slug="edliyye-nazirliyi")
    MembershipFactory(user=UserFactory(username="edliyye"), agency=agency)
    measure = Measure.objects.get(plan__slug=ANTI_CORRUPTION, number="6.8")
    report = ProgressReport.objects.get(measure=measure, agency=agency, period__year=2022)
    report_services.correct_report(
        report=report,
        user=secretariat,
        works_done=report.works_done,
        status="done",
        reason="Nazirlik icranı tamamlanmış sayır.",
    )
    return live_server.url


@pytest.mark.parametrize("width", [1280, 360])
def test_assessment_reply_and_the_three_views(browser, portal, width):
    measure = Measure.objects.get(plan__slug=ANTI_CORRUPTION, number="6.8")

    member = Session(browser, portal, width).login("qht")
    page = member.page
    page.goto(portal + "/workspace/civil-society/assessments/new/")
    page.select_option("#id_measure", str(measure.pk))
    page.select_option("#id_year", "2022")
    page.check("input[name=completion][value=limited]")
    page.check("input[name=opened_government][value=marginal]")
    page.fill("#id_text", ASSESSMENT)
    member.shot("01-new-assessment")
    page.click("form.report-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/civil-society/assessments/\d+/$"))
    member.shot("02-draft-saved")
    page.click("form[action$='/publish/'] button[type=submit]")
    page.wait_for_selector(".messages")
    assessment = Assessment.objects.get()
    assert assessment.is_published and assessment.text == ASSESSMENT
    member.shot("03-published")
    member.context.close()

    # The executor is told by mail and in its workspace, and replies once.
    assert any("6.8" in message.subject for message in mail.outbox)
    assert any("edliyye@example.az" in message.to for message in mail.outbox)
    staff = Session(browser, portal, width).login("edliyye")
    page = staff.page
    page.goto(portal + "/workspace/civil-society/")
    page.click(f"a[href='/workspace/civil-society/assessments/{assessment.pk}/reply/']")
    page.wait_for_selector("#id_text")
    page.check("input[name=stance][value=disagrees]")
    page.fill("#id_text", REPLY)
    staff.shot("04-reply")
    page.click("form.report-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/workspace/civil-society/$"))
    assert Reply.objects.get().text == REPLY
    staff.context.close()

    # The public: three views side by side, flagged.
    public = Session(browser, portal, width)
    page = public.page
    page.goto(portal + measure.get_absolute_url())
    side = page.locator(".civic-side-by-side")
    assert side.locator("table thead th").count() == 3
    assert ASSESSMENT in side.inner_text() and REPLY in side.inner_text()
    assert page.locator(".civic-disagrees").count() == 1
    assert page.locator(".civic-flag").count() == 1
    public.shot("05-measure-page")
    page.goto(portal + f"/plans/{ANTI_CORRUPTION}/?year=2022")
    page.locator(".filter-panel summary").click()  # the filters fold away: results first
    page.select_option("#f-civil-society", "disagrees")
    page.click("form .actions button[type=submit]")
    page.wait_for_url(re.compile(r".*civil_society=disagrees.*"))
    links = page.locator(f"a[href='{measure.get_absolute_url()}']")
    assert links.count() >= 1
    public.shot("06-board-filtered")
    page.goto(portal + "/civil-society/seffaflig/")
    assert ASSESSMENT in page.inner_text("main") and REPLY in page.inner_text("main")
    public.shot("07-organisation")
    page.goto(portal + "/civil-society/aht-platformasi/")
    assert "462" in page.inner_text(".civic-totals")
    public.shot("08-platform-of-seed-001")
    feed = page.request.get(portal + "/civil-society/seffaflig/feed/").text()
    assert ASSESSMENT in feed and REPLY in feed
    api = page.request.get(portal + "/api/v1/civil-society/assessments/").json()
    assert api["results"][0]["text"] == ASSESSMENT
    assert api["results"][0]["replies"][0]["text"] == REPLY
    public.context.close()
