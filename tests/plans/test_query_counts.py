"""Board, measure, agency and search pages run as many queries for a plan ten times larger."""

import pytest
from django.urls import reverse

from reports.management.commands.generate_scale_data import generate_scale_data
from tests.conftest import ANTI_CORRUPTION

pytestmark = pytest.mark.django_db

SCALE = "scale-plan"
# page: (query count, seed plan URL, generated plan URL)
PAGES = {
    # The board: the plan, its public periods, the year's own ranks and sub-item roll-ups,
    # the filtered rows, the priorities, the page's measures and their executors, the page's
    # numeric indicators with their targets and values, the agency filter's names, and the
    # reporting coverage (the record of reports.obligations for the period read with the
    # plan's periods: one query).
    "board": (
        11,
        reverse("plans:board", args=[ANTI_CORRUPTION]),
        reverse("plans:board", args=[SCALE]),
    ),
    # One more: the chosen agency.
    "board filtered": (
        12,
        reverse("plans:board", args=[ANTI_CORRUPTION])
        + "?q=korrupsiya&agency=edliyye-nazirliyi&role=co&year=2022&page=1",
        reverse("plans:board", args=[SCALE])
        + "?q=korrupsiya&agency=scale-plan-agency-1&role=co&year=2022&page=1",
    ),
    # The measure: the side by side (civic: the civil-society assessments and the submitted
    # statuses, two queries), its amendments (one query), its sub-items and indicators (their
    # executors, targets, and the reports' values and lines are prefetched only where there are
    # some: see test_query_counts_sub_items for a plan that has them all).
    "measure": (
        12,
        reverse("plans:measure", args=[ANTI_CORRUPTION, "2.1"]),
        reverse("plans:measure", args=[SCALE, "1.1"]),
    ),
    # Home and agency pages read the record of reports.obligations, which loads the
    # periods' deadline extensions in one query.
    "home": (
        6,
        reverse("plans:home"),
        reverse("plans:home"),
    ),
    # The agency page: one more for the sub-items it executes.
    "agency": (
        6,
        reverse("agencies:detail", args=["edliyye-nazirliyi"]),
        reverse("agencies:detail", args=["scale-plan-agency-1"]),
    ),
    # The scorecard: assignments, latest final periods, their ranks, and the agency's record.
    "scorecard": (
        6,
        reverse("agencies:scorecard", args=["edliyye-nazirliyi"]),
        reverse("agencies:scorecard", args=["scale-plan-agency-1"]),
    ),
    # The plan's widget and badge: the board's summary with the sub-items' roll-up (one query).
    "plan widget": (
        7,
        reverse("plans:widget", args=[ANTI_CORRUPTION]),
        reverse("plans:widget", args=[SCALE]),
    ),
    "agency widget": (
        6,
        reverse("agencies:widget", args=["edliyye-nazirliyi"]),
        reverse("agencies:widget", args=["scale-plan-agency-1"]),
    ),
    "plan badge": (
        7,
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


# The measure page's queries (PAGES) and the assessments, their files and the replies with
# theirs.
MEASURE_WITH_ASSESSMENTS = 15


def test_measure_page_with_civil_society_assessments_runs_fixed_queries(
    client, seeded, django_assert_num_queries, settings, tmp_path
):
    """Assessments, their files and the executors' replies (with files) at two sizes."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from civic import services
    from civic.models import Organisation, OrganisationMembership
    from plans.models import Measure
    from tests.factories import MembershipFactory, UserFactory

    settings.MEDIA_ROOT = tmp_path
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    measure = Measure.objects.get(plan__slug=ANTI_CORRUPTION, number="6.8")
    agency = measure.assignments.get().agency
    staff = MembershipFactory(user=UserFactory(username="replier"), agency=agency).user
    url = measure.get_absolute_url()

    def assess(count: int, start: int) -> None:
        for index in range(start, start + count):
            organisation = Organisation.objects.create(name=f"QHT {index}", slug=f"qht-{index}")
            member = UserFactory(username=f"member-{index}")
            OrganisationMembership.objects.create(user=member, organisation=organisation)
            assessment = services.save_assessment(
                user=member,
                organisation=organisation,
                measure=measure,
                year=2022 + index % 5,
                completion="limited",
                opened_government="marginal",
                text=f"Qiymətləndirmə {index}",
                files=[SimpleUploadedFile("foto.png", png)],
            )
            services.publish_assessment(user=member, assessment=assessment)
            services.reply_to_assessment(
                user=staff,
                assessment=assessment,
                agency=agency,
                stance="partly",
                text=f"Cavab {index}",
                files=[SimpleUploadedFile("cavab.png", png)],
            )

    assess(2, 0)
    with django_assert_num_queries(MEASURE_WITH_ASSESSMENTS):
        page = client.get(url).content.decode()
    assert "Qiymətləndirmə 1" in page and "Cavab 1" in page
    assess(20, 2)
    with django_assert_num_queries(MEASURE_WITH_ASSESSMENTS):
        page = client.get(url).content.decode()
    assert "Qiymətləndirmə 21" in page and "Cavab 21" in page


def test_organisation_page_runs_fixed_queries_at_two_sizes(
    client, seeded, django_assert_num_queries
):
    """Seed 001's platform (12 activities) with one assessment, then 40 more activities with
    references and links, and more assessments with replies."""
    QUERIES = 13
    from civic import services
    from civic.models import (
        ActivityLink,
        MonitoringActivity,
        OrganisationMembership,
        PlanReference,
    )
    from civic.models import Organisation as Org
    from plans.models import Measure
    from tests.factories import MembershipFactory, UserFactory

    organisation = Org.objects.get(slug="aht-platformasi")
    url = organisation.get_absolute_url()
    measure = Measure.objects.get(plan__slug=ANTI_CORRUPTION, number="6.8")
    member = UserFactory(username="platform-member")
    OrganisationMembership.objects.create(user=member, organisation=organisation)
    agency = measure.assignments.get().agency
    staff = MembershipFactory(user=UserFactory(username="replier"), agency=agency).user

    def assess(year: int) -> None:
        assessment = services.save_assessment(
            user=member,
            organisation=organisation,
            measure=measure,
            year=year,
            completion="substantial",
            opened_government="major",
            text=f"İl {year}",
        )
        services.publish_assessment(user=member, assessment=assessment)
        services.reply_to_assessment(
            user=staff, assessment=assessment, agency=agency, stance="agrees", text="Bəli."
        )

    assess(2022)
    with django_assert_num_queries(QUERIES):
        assert "İl 2022" in client.get(url).content.decode()
    for number in range(13, 53):
        activity = MonitoringActivity.objects.create(
            organisation=organisation, number=number, title=f"Fəaliyyət {number}"
        )
        PlanReference.objects.create(activity=activity, plan=measure.plan, number="6.8")
        ActivityLink.objects.create(activity=activity, url="https://example.az/")
    for year in (2023, 2024, 2025):
        assess(year)
    with django_assert_num_queries(QUERIES):
        page = client.get(url).content.decode()
    assert "Fəaliyyət 52" in page and "İl 2025" in page
    assert f'href="{measure.get_absolute_url()}"' in page
