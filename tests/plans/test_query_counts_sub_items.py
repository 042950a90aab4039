"""Board, measure page, home and the workspace report page with sub-items (nested) and numeric
indicators run as many queries for a plan four times larger."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from reports import services
from reports.models import IndicatorValue, ProgressReport, SubItemProgress
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    MeasureFactory,
    MembershipFactory,
    PeriodFactory,
    PlanFactory,
    PriorityFactory,
    SubItemAssignmentFactory,
    SubItemFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def build(measures: int, depth: int, *, slug: str):
    """A plan whose measures each have a numeric indicator (target 2023) and a chain of
    sub-items ``depth`` deep plus one sibling, each with an executor; 2023 published with
    every sub-item reported done, so each measure rolls up to done."""
    plan = PlanFactory(slug=slug, start_year=2022, end_year=2024)
    priority = PriorityFactory(plan=plan)
    agency = AgencyFactory()
    published = PeriodFactory(plan=plan, year=2023, is_published=True)
    for index in range(1, measures + 1):
        measure = MeasureFactory(priority=priority, number=f"1.{index}")
        AssignmentFactory(measure=measure, agency=agency)
        indicator = IndicatorFactory(measure=measure)
        IndicatorTargetFactory(indicator=indicator, year=2023, value=50)
        parent, items = None, []
        for _level in range(depth):
            parent = SubItemFactory(measure=measure, parent=parent)
            items.append(parent)
        items.append(SubItemFactory(measure=measure))
        for item in items:
            SubItemAssignmentFactory(sub_item=item, agency=AgencyFactory())
        report = ProgressReport.objects.create(
            measure=measure, agency=agency, period=published, state="published", status=""
        )
        IndicatorValue.objects.create(report=report, indicator=indicator, value=40 + index)
        for item in items:
            SubItemProgress.objects.create(report=report, sub_item=item, status="done", text="Ok")
    return plan, agency


def count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def public_pages(plan) -> dict[str, str]:
    board = reverse("plans:board", args=[plan.slug])
    return {
        "board": board + "?year=2023",
        "board done": board + "?year=2023&status=done",
        "measure": reverse("plans:measure", args=[plan.slug, "1.1"]),
        "home": reverse("plans:home"),
    }


def test_public_pages_with_sub_items_and_indicators_run_a_fixed_number_of_queries(client, db):
    small_plan, _ = build(2, 1, slug="small")
    small = {name: count(client, url) for name, url in public_pages(small_plan).items()}
    large_plan, _ = build(8, 4, slug="large")
    large = {name: count(client, url) for name, url in public_pages(large_plan).items()}
    assert {name: n for name, (n, _) in large.items()} == {
        name: n for name, (n, _) in small.items()
    }
    board = large["board"][1]
    # Every sub-item reported done: the board shows the measures done, with value / target.
    assert board.count('class="status status-done"') >= 8
    assert "Value / target" in board and "48 / 50" in board
    assert large["board done"][1].count('class="measure"') == 8
    measure = large["measure"][1]
    assert 'class="sub-item depth-3"' in measure and "Statuses of 2023." in measure
    assert "done only when every sub-item is reported done" in measure


def test_the_workspace_report_page_runs_a_fixed_number_of_queries(client, db):
    counts = []
    for size, (measures, depth) in enumerate([(2, 1), (4, 5)]):
        plan, agency = build(measures, depth, slug=f"plan-{size}")
        user = MembershipFactory(user=UserFactory(username=f"staff-{size}"), agency=agency).user
        secretariat = UserFactory(username=f"officer-{size}", is_superuser=True)
        period = services.open_period(
            plan=plan, year=2024, due_date=date(2025, 1, 31), user=secretariat, notify=False
        )
        measure = plan.measures.get(number="1.1")
        indicator = measure.indicators.get()
        lines = {item: ("in_progress", "Davam edir") for item in measure.sub_items.all()}
        report = services.save_report(
            measure=measure,
            agency=agency,
            period=period,
            user=user,
            works_done="Hazırlanır.",
            indicator_values={indicator: "12.5"},
            sub_item_lines=lines,
        )
        client.force_login(user)
        n, page = count(client, reverse("reports:edit", args=[report.pk]))
        assert 'value="12.5"' in page and page.count("Davam edir") == len(lines)
        other = plan.measures.get(number="1.2")
        start = reverse("reports:start", args=[period.pk, other.pk, agency.pk])
        n_start, page = count(client, start)
        assert page.count('class="sub-item-line depth-') == depth + 1
        counts.append((n, n_start))
    assert counts[0] == counts[1]
