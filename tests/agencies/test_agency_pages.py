"""Agency pages: the list by category with search, one agency's measures and reporting record."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.models import Assignment
from reports.models import ProgressReport
from reports.obligations import period_record
from tests.conftest import OPEN_GOV
from tests.factories import (
    AgencyCategoryFactory,
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


def test_agencies_are_listed_by_category(client, seeded):
    page = client.get(reverse("agencies:list")).content.decode()
    assert "Central executive authorities" in page  # the category in the reader's language
    assert "Ministry of Justice" in page and "Samukh" in page  # English names in English


def test_agency_search_without_match_says_so(client, seeded):
    page = client.get(reverse("agencies:list"), {"q": "qwertyuiop"}).content.decode()
    assert "No agency matches." in page


def test_agency_page_lists_measures_through_its_category_by_plan_and_role(client, agency_b):
    page = client.get(reverse("agencies:detail", args=[agency_b.slug])).content.decode()
    assert reverse("plans:measure", args=[OPEN_GOV, "1.9"]) in page
    assert "through the category" in page
    assert "Reporting record" in page


@pytest.fixture
def record_plan(db):
    """An agency obliged on three measures of 2023: by name (main, co) and through its category,
    recommended on a fourth; due 1 Feb 2024."""
    category = AgencyCategoryFactory()
    agency = AgencyFactory(category=category)
    AgencyFactory(category=category)  # a second member of the category
    plan = PlanFactory(start_year=2023, end_year=2023)
    priority = PriorityFactory(plan=plan)
    period = PeriodFactory(plan=plan, year=2023, due_date=dt.date(2024, 2, 1), is_published=True)
    m1, m2, m3, m4 = (MeasureFactory(priority=priority) for _ in range(4))
    AssignmentFactory(measure=m1, agency=agency, role=Assignment.Role.MAIN)
    AssignmentFactory(measure=m2, agency=agency, role=Assignment.Role.CO)
    Assignment.objects.create(measure=m3, category=category, role=Assignment.Role.MAIN)
    AssignmentFactory(measure=m4, agency=agency, role=Assignment.Role.RECOMMENDED)
    on_time = timezone.make_aware(dt.datetime(2024, 1, 20, 12))
    late = timezone.make_aware(dt.datetime(2024, 2, 20, 12))
    ReportFactory(
        measure=m1,
        agency=agency,
        period=period,
        state=ProgressReport.State.PUBLISHED,
        submitted_at=on_time,
    )
    ReportFactory(
        measure=m2,
        agency=agency,
        period=period,
        state=ProgressReport.State.SUBMITTED,
        submitted_at=late,
    )
    ReportFactory(
        measure=m4,
        agency=agency,
        period=period,
        state=ProgressReport.State.PUBLISHED,
        submitted_at=on_time,
    )
    return {"agency": agency, "period": period}


def test_reporting_record_counts_expected_handed_in_on_time_missing(client, record_plan):
    page = client.get(
        reverse("agencies:detail", args=[record_plan["agency"].slug])
    ).content.decode()
    row = page[page.index('<th scope="row">2023</th>') :]
    cells = re.findall(r'<td data-label="([^"]+)">(\d+)</td>', row[: row.index("</tr>")])
    # the recommended measure is not expected
    assert cells == [
        ("Expected", "3"),
        ("Handed in", "2"),
        ("On time", "1"),
        ("Missing", "1"),
        ("Not yet due", "0"),
    ]


def test_period_record_expands_categories_over_their_agencies(record_plan):
    record = period_record(record_plan["period"])
    # m1, m2 by name; m3 through a category of two agencies.
    assert (record.expected, record.handed_in, record.on_time) == (4, 2, 1)
    assert record.missing == 2
    assert record.handed_in_share == 50


def test_unknown_or_inactive_agency_is_404(client, seeded):
    assert client.get(reverse("agencies:detail", args=["no-such-agency"])).status_code == 404
    inactive = AgencyFactory(is_active=False)
    assert client.get(reverse("agencies:detail", args=[inactive.slug])).status_code == 404
