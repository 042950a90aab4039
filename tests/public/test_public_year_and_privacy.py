"""The year the public sees, feeds that carry text as text, and what a draft plan keeps back."""

import html.parser
import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from plans.models import Measure, Plan
from reports import services
from reports.models import Evidence
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def publish_one(measure, agency, staff, secretariat, period, text="Görülən iş."):
    report = services.save_report(
        user=staff, measure=measure, agency=agency, period=period, works_done=text
    )
    services.submit_report(report=report, user=staff)
    services.accept_report(report=report, user=secretariat)
    return services.publish_report(report=report, user=secretariat)


@pytest.fixture
def open_2026(seeded, secretariat_user):
    """The anti-corruption plan's 2026 period, open and due 31 January 2027."""
    with time_machine.travel(date(2026, 12, 1), tick=False):
        return services.open_period(
            plan=seeded[ANTI_CORRUPTION],
            year=2026,
            due_date=date(2027, 1, 31),
            user=secretariat_user,
            notify=False,
        )


@time_machine.travel(date(2026, 12, 2), tick=False)
def test_publishing_one_report_of_an_open_year_changes_no_default_year(
    client, open_2026, agency_a, staff_a, secretariat_user
):
    plan = open_2026.plan
    measure = Measure.objects.get(plan=plan, number="2.1")
    home_before = client.get(reverse("plans:home"))
    board_before = client.get(reverse("plans:board", args=[plan.slug])).context["filters"]
    publish_one(measure, agency_a, staff_a, secretariat_user, open_2026, text="İlkin hesabat.")
    open_2026.refresh_from_db()
    assert open_2026.is_published and not open_2026.is_final

    home = client.get(reverse("plans:home"))
    board = client.get(reverse("plans:board", args=[plan.slug]))
    assert board.context["filters"].year == board_before.year == 2022
    latest = {p.slug: p.latest_year for p in home.context["plans"]}
    assert latest == {p.slug: p.latest_year for p in home_before.context["plans"]}
    assert latest[plan.slug] == 2022
    assert home.content.decode().count("2026") == home_before.content.decode().count("2026")
    # The year can be asked for, and then says it is provisional; it has no consolidated report.
    provisional = client.get(reverse("plans:board", args=[plan.slug]) + "?year=2026")
    assert provisional.context["filters"].provisional
    assert 'class="notice provisional"' in provisional.content.decode()
    assert "2026" not in "".join(str(y) for y in board.context["final_years"])
    for fmt in ("pdf", "xlsx", "docx", "csv"):
        url = reverse("plans:report-download", args=[plan.slug, 2026, fmt])
        assert client.get(url).status_code == 404, fmt
    # The board's own download of the provisional year says so.
    export = client.get(reverse("plans:board-export", args=[plan.slug, "xlsx"]) + "?year=2026")
    workbook = load_workbook(io.BytesIO(b"".join(export.streaming_content)), read_only=True)
    assert "ilkin" in workbook.properties.title
    # The published report itself is public: on its measure page, marked provisional.
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "İlkin hesabat." in page

    # Publishing the year makes it final: then it is the default and has its documents.
    services.publish_period(period=open_2026, user=secretariat_user)
    board = client.get(reverse("plans:board", args=[plan.slug]))
    assert board.context["filters"].year == 2026 and not board.context["filters"].provisional
    url = reverse("plans:report-download", args=[plan.slug, 2026, "csv"])
    assert client.get(url).status_code == 200


def test_api_status_filter_defaults_to_the_latest_final_year(
    client, open_2026, agency_a, staff_a, secretariat_user
):
    measure = Measure.objects.get(plan=open_2026.plan, number="2.1")
    publish_one(measure, agency_a, staff_a, secretariat_user, open_2026)
    periods = client.get(f"/api/v1/periods/?plan={ANTI_CORRUPTION}").json()["results"]
    by_year = {p["year"]: p for p in periods}
    assert by_year[2026]["is_published"] and not by_year[2026]["is_final"]
    assert by_year[2022]["is_final"]


# --- feeds ----------------------------------------------------------------------------------

HOSTILE = (
    "<script>alert(1)</script>\n"
    '<img src=x onerror="alert(2)">\n'
    '<a href="javascript:alert(3)">bax</a>\n'
    "Əsl mətn & davamı"
)


class LiveMarkup(html.parser.HTMLParser):
    """Collects what an HTML renderer would act on: tags, event handlers, script links."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "img", "a", "iframe", "object", "svg"}:
            self.found.append(tag)
        for name, value in attrs:
            if name.startswith("on") or "javascript:" in (value or "").lower():
                self.found.append(f"{tag}[{name}]")


@pytest.mark.parametrize("feed", ["plan", "agency"])
def test_feeds_carry_report_text_as_text(
    client, feed, open_2026, agency_a, staff_a, secretariat_user
):
    measure = Measure.objects.get(plan=open_2026.plan, number="2.1")
    publish_one(measure, agency_a, staff_a, secretariat_user, open_2026, text=HOSTILE)
    url = (
        reverse("plans:feed", args=[ANTI_CORRUPTION])
        if feed == "plan"
        else reverse("agencies:feed", args=[agency_a.slug])
    )
    root = ET.fromstring(client.get(url).content)  # a real XML parser
    summaries = [entry.find(f"{ATOM}summary") for entry in root.iter(f"{ATOM}entry")]
    ours = [s for s in summaries if s is not None and "Əsl mətn" in (s.text or "")]
    assert len(ours) == 1
    summary = ours[0]
    assert summary.get("type") == "html"
    parser = LiveMarkup()
    parser.feed(summary.text)
    assert parser.found == []
    # A feed reader shows the payload as the text the agency typed.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in summary.text
    assert "Əsl mətn &amp; davamı" in summary.text


# --- draft plans ----------------------------------------------------------------------------


@pytest.fixture
def evidence_in_a_plan_set_back_to_draft(
    open_2026, agency_a, staff_a, secretariat_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    measure = Measure.objects.get(plan=open_2026.plan, number="2.1")
    report = services.save_report(
        user=staff_a, measure=measure, agency=agency_a, period=open_2026, works_done="Sübut."
    )
    evidence = services.add_evidence(
        report=report,
        user=staff_a,
        title="Protokol",
        file=SimpleUploadedFile("protokol.pdf", PDF, content_type="application/pdf"),
    )
    services.submit_report(report=report, user=staff_a)
    services.accept_report(report=report, user=secretariat_user)
    services.publish_period(period=open_2026, user=secretariat_user)
    public_url = reverse("published_evidence", args=[evidence.pk])
    return {"report": report, "evidence": evidence, "public_url": public_url}


def test_evidence_of_a_draft_plan_is_404_for_everyone_but_secretariat_and_owner(
    client, evidence_in_a_plan_set_back_to_draft, staff_a, staff_b, secretariat_user
):
    case = evidence_in_a_plan_set_back_to_draft
    report, evidence = case["report"], case["evidence"]
    assert client.get(case["public_url"]).status_code == 200  # public while the plan is
    Plan.objects.filter(pk=report.measure.plan_id).update(status=Plan.Status.DRAFT)
    workspace_url = reverse("reports:evidence_file", args=[report.pk, evidence.pk])
    assert client.get(case["public_url"]).status_code == 404
    for user, expected in ((staff_b, 404), (staff_a, 200), (secretariat_user, 200)):
        client.force_login(user)
        assert client.get(case["public_url"]).status_code == 404, user
        assert client.get(workspace_url).status_code == expected, user
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_no_page_shows_a_draft_plans_title_to_anyone_but_the_secretariat(
    client, seeded, period, staff_a, secretariat_user
):
    plan = seeded[OPEN_GOV]
    plan.status = Plan.Status.DRAFT
    plan.save(update_fields=["status"])
    pages = [
        reverse("plans:home"),
        reverse("plans:search") + "?q=korrupsiya",
        reverse("agencies:list"),
        reverse("agencies:detail", args=["edliyye-nazirliyi"]),
        "/api/v1/plans/",
        "/api/v1/periods/",
        reverse("reports:workspace"),
        reverse("reports:workspace") + f"?plan={plan.pk}",
    ]
    for who in (None, staff_a):
        client.logout()
        if who:
            client.force_login(who)
        for url in pages:
            response = client.get(url)
            if response.status_code == 302:
                continue  # the workspace sends anonymous visitors to the login page
            assert plan.title not in response.content.decode(), (who, url)
    client.force_login(secretariat_user)
    review = client.get(reverse("reports:review")).content.decode()
    assert plan.title in review  # the secretariat's filter still offers it
