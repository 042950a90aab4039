"""Executors that are not state bodies: civil-society organisations and international partners.

A plan names them as executors, so by the plan they owe reports like any executor
(reports.obligations keeps one rule for all); their pages say what they are, never "state body".
"""

import pytest
from django.urls import reverse

from agencies.models import Agency, AgencyCategory
from plans.models import Assignment
from reports.obligations import agency_records
from tests.conftest import OPEN_GOV
from tests.reports.conftest import english  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def cso(seeded):
    return Agency.objects.create(
        name="Açıq Məlumat İctimai Birliyi",
        name_en="Open Data Public Union",
        slug="aciq-melumat-ib",
        category=AgencyCategory.objects.get(code="civil_society"),
    )


@pytest.fixture
def named_cso(cso, measure_19):
    """Item 1.9 (2020–2022) names the union as another executor."""
    Assignment.objects.create(measure=measure_19, role=Assignment.Role.CO, agency=cso, position=9)
    return measure_19


def test_the_non_state_categories_are_not_state_bodies(seeded):
    categories = AgencyCategory.objects.filter(code__in=["civil_society", "international"])
    assert categories.count() == 2 and not any(c.is_state_body for c in categories)


def test_a_cso_executor_owes_its_report_by_the_plan(cso, named_cso, period):
    record = agency_records(cso, [period])[period.pk]
    assert record.expected == 1 and record.handed_in == 0


def test_the_cso_page_names_its_kind_and_never_calls_it_a_state_body(
    client, cso, named_cso, period
):
    page = client.get(reverse("agencies:detail", args=[cso.slug])).content.decode()
    assert "Civil-society organisations" in page
    assert "Not a state body" in page
    assert "state bodies" not in page.replace("Not a state body", "")
    assert named_cso.get_absolute_url() in page


def test_a_state_body_page_has_no_such_note(client, agency_a):
    page = client.get(reverse("agencies:detail", args=[agency_a.slug])).content.decode()
    assert "Not a state body" not in page


def test_the_board_and_measure_page_list_the_cso_as_an_executor(client, cso, named_cso):
    measure_page = client.get(named_cso.get_absolute_url()).content.decode()
    assert cso.name_en in measure_page and "Other executors" in measure_page
    board = client.get(reverse("plans:board", args=[OPEN_GOV])).content.decode()
    assert f'<option value="{cso.slug}"' in board
    filtered = client.get(reverse("plans:board", args=[OPEN_GOV]) + f"?agency={cso.slug}")
    assert named_cso.get_absolute_url() in filtered.content.decode()
    listing = client.get(reverse("agencies:list")).content.decode()
    assert "Civil-society organisations" in listing and cso.name_en in listing
