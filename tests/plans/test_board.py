"""The status board: filters (alone and with q), statuses for a year, overdue, chips and links."""

import pytest
from django.urls import reverse

from plans.models import Assignment
from plans.status import BoardStatus, status_from_reports
from public.board import BoardFilters, board_measures
from reports.models import ImplementationStatus as S
from reports.models import ProgressReport
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV
from tests.factories import (
    AgencyFactory,
    AssignmentFactory,
    MeasureFactory,
    PeriodFactory,
    PlanFactory,
    PriorityFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so assertions on UI text hold whatever the Azerbaijani catalog says."""
    client.cookies.load({"django_language": "en"})


PUBLISHED = ProgressReport.State.PUBLISHED


def board(plan, **params):
    filters = BoardFilters.from_params(
        params,
        plan,
        published_years=sorted(
            plan.periods.filter(is_published=True).values_list("year", flat=True)
        ),
        today_year=2026,
    )
    return filters, board_measures(plan, filters)


def numbers(queryset) -> list[str]:
    return [m.number for m in queryset]


@pytest.fixture
def small_plan(db):
    """A 2022–2024 plan: 1.1 ends 2022, 1.2 ends 2024; two agencies report on 1.1."""
    plan = PlanFactory(start_year=2022, end_year=2024)
    priority = PriorityFactory(plan=plan, number=1)
    early = MeasureFactory(priority=priority, number="1.1", start_year=2022, end_year=2022)
    late = MeasureFactory(priority=priority, number="1.2", start_year=2022, end_year=2024)
    a, b = AgencyFactory(), AgencyFactory()
    AssignmentFactory(measure=early, agency=a)
    AssignmentFactory(measure=late, agency=b, role=Assignment.Role.CO)
    return {"plan": plan, "early": early, "late": late, "a": a, "b": b}


def publish(measure, agency, year, status, state=PUBLISHED, period_published=True):
    period = PeriodFactory(plan=measure.plan, year=year)
    if period.is_published != period_published:
        period.is_published = period_published
        period.save()
    return ReportFactory(measure=measure, agency=agency, period=period, status=status, state=state)


def test_status_is_the_least_advanced_of_the_years_published_reports(small_plan):
    early, a, b = small_plan["early"], small_plan["a"], small_plan["b"]
    publish(early, a, 2022, S.DONE)
    publish(early, b, 2022, S.IN_PROGRESS)
    _, measures = board(small_plan["plan"], year="2022")
    assert {m.number: m.board_status for m in measures}["1.1"] == S.IN_PROGRESS
    assert status_from_reports([S.DONE, S.IN_PROGRESS]) == BoardStatus.IN_PROGRESS


def test_reports_without_status_are_not_stated_and_no_report_is_its_own_bucket(small_plan):
    publish(small_plan["early"], small_plan["a"], 2022, "")
    _, measures = board(small_plan["plan"], year="2022")
    statuses = {m.number: m.board_status for m in measures}
    assert statuses == {"1.1": BoardStatus.NOT_STATED, "1.2": BoardStatus.NO_REPORT}
    assert status_from_reports(["", S.PARTIALLY_DONE]) == BoardStatus.PARTIALLY_DONE
    assert status_from_reports([""]) == BoardStatus.NOT_STATED
    assert status_from_reports([]) == BoardStatus.NO_REPORT


def test_unpublished_reports_do_not_count_for_the_status(small_plan):
    early = small_plan["early"]
    publish(early, small_plan["a"], 2022, S.NOT_STARTED, state=ProgressReport.State.ACCEPTED)
    _, measures = board(small_plan["plan"], year="2022")
    assert {m.number: m.board_status for m in measures}["1.1"] == BoardStatus.NO_REPORT


def test_overdue_when_the_end_year_has_passed_and_the_measure_is_not_done(small_plan):
    plan, early, late = small_plan["plan"], small_plan["early"], small_plan["late"]
    publish(early, small_plan["a"], 2023, S.IN_PROGRESS)
    publish(late, small_plan["b"], 2023, S.IN_PROGRESS)
    filters, measures = board(plan, year="2023")
    overdue = {m.number: m.overdue for m in measures}
    assert overdue == {"1.1": True, "1.2": False}
    assert early.is_overdue(2023, S.IN_PROGRESS) and not late.is_overdue(2023, S.IN_PROGRESS)
    # In its own end year a measure is not overdue yet.
    _, measures = board(plan, year="2022")
    assert not any(m.overdue for m in measures)
    _, measures = board(plan, year="2023", status="overdue")
    assert numbers(measures) == ["1.1"]


def test_a_done_measure_is_never_overdue(small_plan):
    publish(small_plan["early"], small_plan["a"], 2024, S.DONE)
    _, measures = board(small_plan["plan"], year="2024", status="overdue")
    assert numbers(measures) == []
    assert not small_plan["early"].is_overdue(2024, S.DONE)


def test_measure_page_shows_overdue_in_its_history(client, small_plan):
    publish(small_plan["early"], small_plan["a"], 2022, S.IN_PROGRESS)
    publish(small_plan["early"], small_plan["a"], 2023, S.IN_PROGRESS)
    page = client.get(small_plan["early"].get_absolute_url()).content.decode()
    history = page[page.index('class="numbers history"') :]
    history = history[: history.index("</table>")]
    assert history.count("status-overdue") == 1  # 2023, not 2022


def test_agency_filter_includes_agencies_obliged_through_a_category(seeded):
    _, measures = board(seeded[OPEN_GOV], agency="samux-rayon-icra-hakimiyyeti")
    found = numbers(measures)
    # Samux is named nowhere: the plan obliges "local executive authorities" on these items.
    for number in ["1.9", "4.1", "4.3", "5.4", "5.5", "5.6", "6.3"]:
        assert number in found
    assert "1.1" not in found


def test_role_filter_applies_to_the_filtered_agency(seeded):
    plan = seeded[ANTI_CORRUPTION]
    _, every = board(plan, agency="edliyye-nazirliyi")
    _, main = board(plan, agency="edliyye-nazirliyi", role="main")
    _, co = board(plan, agency="edliyye-nazirliyi", role="co")
    assert set(numbers(main)) | set(numbers(co)) <= set(numbers(every))
    assert set(numbers(main)).isdisjoint(numbers(co))
    assert main and co


def test_filters_combine_with_q(seeded):
    plan = seeded[ANTI_CORRUPTION]
    _, by_q = board(plan, q="korrupsiya")
    _, by_priority = board(plan, priority="2")
    _, both = board(plan, q="korrupsiya", priority="2", agency="edliyye-nazirliyi")
    _, by_agency = board(plan, agency="edliyye-nazirliyi")
    expected = set(numbers(by_q)) & set(numbers(by_priority)) & set(numbers(by_agency))
    assert expected and set(numbers(both)) == expected
    assert all(m.number.startswith("2.") for m in both)
    _, none = board(plan, q="korrupsiya", status="done")
    assert numbers(none) == []  # the seed documents state no status


def test_status_and_year_filters_on_the_seed_plan(seeded):
    plan = seeded[ANTI_CORRUPTION]
    filters, measures = board(plan, status="not_stated")
    assert filters.year == 2022  # the latest year with published results
    assert measures.count() == len(
        {r.measure_id for r in ProgressReport.objects.filter(measure__plan=plan)}
    )
    _, later = board(plan, status="no_report", year="2023")
    assert later.count() == plan.measures.count()


def test_invalid_filter_values_are_dropped_and_reported(seeded):
    filters, _ = board(
        seeded[OPEN_GOV], year="1999", status="nonsense", page="-1", agency="<x>", role="boss"
    )
    assert filters.year == 2022
    assert (filters.status, filters.page, filters.agency, filters.role) == ("", 1, "", "")
    assert set(filters.errors) == {"year", "status", "page", "agency", "role"}


def test_board_page_shows_count_chips_chart_and_plain_links(client, seeded):
    url = reverse("plans:board", args=[ANTI_CORRUPTION])
    response = client.get(url, {"q": "edliyye", "priority": "2", "status": "not_stated"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="result-count"' in page
    assert 'class="chips"' in page
    # Each chip links to the same state without its filter.
    assert f'href="{url}?q=edliyye&amp;status=not_stated&amp;year=2022"' in page
    assert f'href="{url}?q=edliyye&amp;priority=2&amp;year=2022"' in page
    assert "<svg" in page and "<table" in page  # the chart and its numbers
    assert "Status not stated" in page


def test_board_paginates_with_links_keeping_the_filters(client, seeded):
    url = reverse("plans:board", args=[OPEN_GOV])
    first = client.get(url).content.decode()
    assert f'href="{url}?year=2022&amp;page=2"' in first
    second = client.get(url, {"year": "2022", "page": "2"}).content.decode()
    one_one = reverse("plans:measure", args=[OPEN_GOV, "1.1"])
    assert one_one in first and one_one not in second
    assert 'rel="prev"' in second
    filtered = client.get(url, {"q": "elektron", "page": "1"}).content.decode()
    assert 'rel="next"' not in filtered  # fewer than a page of matches


def test_query_string_omits_defaults():
    filters = BoardFilters(year=2022, q="a b", page=1)
    assert filters.query_string() == "?q=a+b&year=2022"
    assert filters.query_string(q="", page=3) == "?year=2022&page=3"


def test_sql_status_filters_agree_with_the_python_rule(seeded):
    """On generated data with every status, each status filter returns exactly the measures
    whose published reports give that status by ``status_from_reports``."""
    from collections import defaultdict

    from plans.status import STATUS_FILTER_CHOICES
    from public.board import board_summary
    from reports.management.commands.generate_scale_data import generate_scale_data

    plan = generate_scale_data(measures=60, agencies=8, years=3, reports=900, slug="mixed")
    seen = set()
    for year in (2022, 2023, 2024):
        statuses = defaultdict(list)
        for report in ProgressReport.objects.filter(
            measure__plan=plan, period__year=year, period__is_published=True, state=PUBLISHED
        ):
            statuses[report.measure_id].append(report.status)
        expected = {}
        for measure in plan.measures.all():
            status = status_from_reports(statuses[measure.pk])
            expected[measure.number] = (status, measure.is_overdue(year, status))
            seen.add("overdue" if expected[measure.number][1] else status)
        _, every = board(plan, year=str(year))
        assert {m.number: (m.board_status, m.overdue) for m in every} == expected
        filters, _ = board(plan, year=str(year))
        summary = sorted(board_summary(plan, filters))
        assert summary == sorted((m.priority_id, *expected[m.number]) for m in every)
        for value, _label in STATUS_FILTER_CHOICES:
            filters, found = board(plan, year=str(year), status=value)
            wanted = {
                number
                for number, (status, overdue) in expected.items()
                if (overdue if value == "overdue" else status == value)
            }
            assert set(numbers(found)) == wanted, (year, value)
            # The summary (chart and count) counts exactly the filtered measures.
            assert sorted(board_summary(plan, filters)) == sorted(
                (m.priority_id, *expected[m.number]) for m in found
            )
    # The data mixes statuses, "no report" and overdue measures ("not stated": the seed tests).
    assert {"overdue", "no_report", "in_progress", "done"} <= seen
