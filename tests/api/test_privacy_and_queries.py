"""Unpublished text never leaves through the open API, and lists cost a fixed number of queries."""

import pytest

from tests.api.conftest import DRAFT_CANARY, body
from tests.conftest import OPEN_GOV

pytestmark = pytest.mark.django_db

CANARY = "KANARYA-7f3a-gizli-qaralama"

PUBLIC_PATHS = [
    "/api/v1/plans/",
    f"/api/v1/plans/{OPEN_GOV}/",
    f"/api/v1/plans/{OPEN_GOV}/dump/",
    "/api/v1/priorities/",
    "/api/v1/measures/",
    "/api/v1/agencies/",
    "/api/v1/agency-categories/",
    "/api/v1/periods/",
    "/api/v1/reports/",
]


@pytest.fixture
def unpublished_reports(agency_a):
    """Agency A's reports in every state but published, and one published in a closed year."""
    from plans.models import Measure
    from reports.models import ProgressReport
    from tests.factories import ReportFactory

    measures = Measure.objects.filter(plan__slug=OPEN_GOV).order_by("sort_key")[:5]
    states = [s for s in ProgressReport.State.values if s != "published"]
    reports = [
        ReportFactory(
            measure=measure,
            agency=agency_a,
            state=state,
            period__year=2021,
            works_done=f"{CANARY} {state}",
            signatory_name=CANARY,
            status="done",
        )
        for measure, state in zip(measures, states, strict=False)
    ]
    # Published by its agency's workflow, but its year's results are not public yet.
    reports.append(
        ReportFactory(
            measure=measures[4],
            agency=agency_a,
            state="published",
            period__year=2021,
            works_done=f"{CANARY} unpublished year",
            status="done",
        )
    )
    return reports


@pytest.fixture
def workflow_reports(period, measure_19, staff_a, agency_a, secretariat_user):
    """Agency A's reports driven by the real services into every state short of published."""
    from reports import services
    from reports.obligations import is_obliged
    from tests.reports.conftest import advance

    owed = [
        measure
        for measure in period.plan.measures.exclude(pk=measure_19.pk).order_by("-sort_key")
        if measure.is_active_in(2021) and is_obliged(period, measure, agency_a)
    ][:3]
    reports = []
    assert len(owed) == 3
    for measure, state in zip(owed, ["submitted", "returned", "accepted"], strict=True):
        draft = services.save_report(
            measure=measure,
            agency=agency_a,
            period=period,
            user=staff_a,
            works_done=f"{CANARY} {state}",
            status="done",
        )
        reports.append(advance(draft, state, owner=staff_a, secretariat=secretariat_user))
    return reports


@pytest.mark.parametrize("who", ["api", "api_b"])
def test_unpublished_text_never_appears_for_anonymous_or_another_agency(
    request, unpublished_reports, workflow_reports, draft_a, who
):
    client = request.getfixturevalue(who)
    paths = PUBLIC_PATHS + (["/api/v1/workspace/reports/"] if who == "api_b" else [])
    for path in paths:
        for fmt in ("json", "csv"):
            detail = path.count("/") > 4
            response = client.get(path, {"format": fmt, **({} if detail else {"page_size": 500})})
            assert response.status_code == 200, path
            text = body(response).decode("utf-8-sig")
            assert CANARY not in text and DRAFT_CANARY not in text, (path, fmt)
    for report in [*unpublished_reports, *workflow_reports, draft_a]:
        for path in (f"/api/v1/reports/{report.pk}/", f"/api/v1/workspace/reports/{report.pk}/"):
            response = client.get(path)
            assert response.status_code in (401, 404), path
            text = response.content.decode()
            assert CANARY not in text and DRAFT_CANARY not in text


@pytest.mark.parametrize("who", ["api", "api_b", "api_a"])
def test_unpublished_report_id_answers_404_on_the_open_api(request, unpublished_reports, who):
    client = request.getfixturevalue(who)
    for report in unpublished_reports:
        response = client.get(f"/api/v1/reports/{report.pk}/")
        assert response.status_code == 404
        assert CANARY not in response.content.decode()


def test_status_filter_does_not_reveal_unpublished_reports(api, unpublished_reports):
    found = api.get("/api/v1/measures/", {"status": "done", "plan": OPEN_GOV, "year": 2021}).json()
    assert found["count"] == 0


def grow(size: int) -> None:
    """A plan of ``size`` measures, each with two executors, a sub-item with its executor, a
    numeric indicator with a target, and a published report with a value and a line."""
    from reports.models import IndicatorValue, SubItemProgress
    from tests.factories import (
        AgencyFactory,
        AssignmentFactory,
        IndicatorFactory,
        IndicatorTargetFactory,
        MeasureFactory,
        PlanFactory,
        PriorityFactory,
        ReportFactory,
        SubItemAssignmentFactory,
        SubItemFactory,
    )

    plan = PlanFactory(slug=f"grown-{size}")
    priority = PriorityFactory(plan=plan)
    agency = AgencyFactory()
    agency.aliases.create(alias=f"{agency.name} (alias)")
    for _ in range(size):
        measure = MeasureFactory(priority=priority)
        AssignmentFactory(measure=measure, agency=agency)
        AssignmentFactory(measure=measure, agency=None, category=agency.category, role="co")
        report = ReportFactory(measure=measure, agency=agency, state="published", status="done")
        if not report.period.is_published:
            report.period.is_published = True
            report.period.save()
        item = SubItemFactory(measure=measure)
        SubItemAssignmentFactory(sub_item=item, agency=agency)
        indicator = IndicatorFactory(measure=measure)
        IndicatorTargetFactory(indicator=indicator, year=report.period.year)
        IndicatorValue.objects.create(report=report, indicator=indicator, value=7)
        SubItemProgress.objects.create(report=report, sub_item=item, status="done")


# (path, query, queries for JSON, queries for CSV): a page-numbered list counts its rows
# first; its CSV holds every row unless a page is asked for, so then it does not. Measures
# read their sub-items (with executors) and indicators (with targets): four queries; reports
# their indicator values and sub-item lines: two; the status filter the sub-items' roll-up
# (plans.status) and the own ranks of the measures that have one: two.
LIST_QUERIES = [
    ("/api/v1/plans/", {}, 2, 1),
    ("/api/v1/priorities/", {}, 2, 1),
    ("/api/v1/measures/", {"page_size": 500}, 7, 7),
    ("/api/v1/measures/", {"agency": "edliyye-nazirliyi", "role": "main", "q": "x"}, 7, 6),
    ("/api/v1/measures/", {"status": "done", "year": 2023}, 9, 8),
    ("/api/v1/agencies/", {}, 3, 2),
    ("/api/v1/agency-categories/", {}, 2, 1),
    ("/api/v1/periods/", {}, 2, 1),
    ("/api/v1/reports/", {"page_size": 1000}, 3, 3),
    # The dump counts its reports and measures first (the size-aware limit), then streams.
    ("/api/v1/plans/grown-{size}/dump/", {}, 13, 12),
]


@pytest.mark.parametrize(("path", "params", "json_queries", "csv_queries"), LIST_QUERIES)
@pytest.mark.parametrize("size", [2, 25])
def test_lists_run_a_fixed_number_of_queries(
    api, seeded, django_assert_num_queries, path, params, json_queries, csv_queries, size
):
    grow(size)
    for fmt, queries in (("json", json_queries), ("csv", csv_queries)):
        with django_assert_num_queries(queries):
            response = api.get(path.format(size=size), {**params, "format": fmt})
            content = body(response)  # a streamed dump reads the database as it is sent
        assert response.status_code == 200
        assert len(content) > 100
