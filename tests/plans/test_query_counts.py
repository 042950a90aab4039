"""Board, measure, agency and search pages run as many queries for a plan ten times larger."""

import pytest
from django.urls import reverse

from reports.management.commands.generate_scale_data import generate_scale_data
from tests.conftest import ANTI_CORRUPTION

pytestmark = pytest.mark.django_db

SCALE = "scale-plan"
# page: (query count, seed plan URL, generated plan URL)
PAGES = {
    # The board's reporting coverage (public.selectors.year_record): the period and the
    # record of reports.obligations, six queries; one for the sub-items' roll-up of the year
    # (plans.status) and one for the page's numeric indicators with their targets and values.
    "board": (
        16,
        reverse("plans:board", args=[ANTI_CORRUPTION]),
        reverse("plans:board", args=[SCALE]),
    ),
    "board filtered": (
        17,
        reverse("plans:board", args=[ANTI_CORRUPTION])
        + "?q=korrupsiya&agency=edliyye-nazirliyi&role=co&year=2022&page=1",
        reverse("plans:board", args=[SCALE])
        + "?q=korrupsiya&agency=scale-plan-agency-1&role=co&year=2022&page=1",
    ),
    # The measure: its amendments (one query), its sub-items and indicators (their executors,
    # targets, and the reports' values and lines are prefetched only where there are some: see
    # test_query_counts_sub_items for a plan that has them all).
    "measure": (
        10,
        reverse("plans:measure", args=[ANTI_CORRUPTION, "2.1"]),
        reverse("plans:measure", args=[SCALE, "1.1"]),
    ),
    # Home and agency pages read the record of reports.obligations, which loads the
    # periods' deadline extensions in one query.
    "home": (
        10,
        reverse("plans:home"),
        reverse("plans:home"),
    ),
    # The agency page: one more for the sub-items it executes.
    "agency": (
        10,
        reverse("agencies:detail", args=["edliyye-nazirliyi"]),
        reverse("agencies:detail", args=["scale-plan-agency-1"]),
    ),
    # The scorecard: assignments, latest final periods, their ranks, and the agency's record.
    "scorecard": (
        10,
        reverse("agencies:scorecard", args=["edliyye-nazirliyi"]),
        reverse("agencies:scorecard", args=["scale-plan-agency-1"]),
    ),
    # The plan's widget and badge: the board's summary with the sub-items' roll-up (one query).
    "plan widget": (
        11,
        reverse("plans:widget", args=[ANTI_CORRUPTION]),
        reverse("plans:widget", args=[SCALE]),
    ),
    "agency widget": (
        10,
        reverse("agencies:widget", args=["edliyye-nazirliyi"]),
        reverse("agencies:widget", args=["scale-plan-agency-1"]),
    ),
    "plan badge": (
        11,
        reverse("plans:badge", args=[ANTI_CORRUPTION]),
        reverse("plans:badge", args=[SCALE]),
    ),
    "feeds page": (
        2,
        reverse("pages:feeds"),
        reverse("pages:feeds"),
    ),
    "search": (
        4,
        reverse("plans:search") + "?q=korrupsiya",
        reverse("plans:search") + "?q=korrupsiya",
    ),
}


def test_pages_run_the_same_number_of_queries_at_two_sizes(
    client, seeded, django_assert_num_queries
):
    seed_measures = seeded[ANTI_CORRUPTION].measures.count()
    for name, (queries, seed_url, _) in PAGES.items():
        with django_assert_num_queries(queries):
            response = client.get(seed_url)
        assert response.status_code == 200, name
    plan = generate_scale_data(measures=10 * seed_measures, agencies=100, years=3)
    assert plan.measures.count() == 10 * seed_measures
    for name, (queries, _, scale_url) in PAGES.items():
        with django_assert_num_queries(queries):
            response = client.get(scale_url)
        assert response.status_code == 200, name
        if name.startswith(("board", "search")):
            assert 'class="measure"' in response.content.decode(), name  # a non-empty list
