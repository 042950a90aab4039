"""Lists for people in Azerbaijani alphabetical order, the same on SQLite and PostgreSQL:
the agency list, the board's agency filter, the compliance table, the review queue's filter."""

import pytest
from django.urls import reverse

from plans.models import Assignment
from public.selectors import named_agencies
from reports.obligations import compliance
from tests.factories import (
    AgencyCategoryFactory,
    AgencyFactory,
    AssignmentFactory,
    MeasureFactory,
    PeriodFactory,
    ReportFactory,
)
from tests.test_text import ALPHABET, az_upper_first

pytestmark = pytest.mark.django_db

# One name per letter, then quoted names with legal forms, each where its name puts it.
EXPECTED = [f"{az_upper_first(letter)}ab İdarəsi" for letter in ALPHABET]
EXPECTED.insert(1, "“Abb” ASC")  # "Abb" after "Aab", before "Bab"
EXPECTED.insert(ALPHABET.index("ş") + 1, "«Şab» QSC")  # "Şab" before "Şab İdarəsi"


@pytest.fixture
def agencies():
    category = AgencyCategoryFactory(code="collation", name="Sınaq")
    return [AgencyFactory(name=name, category=category) for name in reversed(EXPECTED)]


def in_order(page: str, names: list[str]) -> bool:
    positions = [page.index(f">{name}<") for name in names]
    return positions == sorted(positions)


def test_agency_list_is_in_azerbaijani_order(client, agencies):
    client.cookies.load({"django_language": "az"})
    page = client.get(reverse("agencies:list")).content.decode()
    assert in_order(page, EXPECTED)


def test_board_agency_filter_is_in_azerbaijani_order(agencies):
    category = agencies[0].category
    measure = MeasureFactory()
    AssignmentFactory(measure=measure, agency=None, category=category, role=Assignment.Role.CO)
    assert [a.name for a in named_agencies(measure.plan)] == EXPECTED


def test_compliance_rows_and_review_filter_are_in_azerbaijani_order(
    client, agencies, secretariat_user
):
    measure = MeasureFactory()
    AssignmentFactory(
        measure=measure, agency=None, category=agencies[0].category, role=Assignment.Role.CO
    )
    period = PeriodFactory(plan=measure.plan, year=2023)
    assert [row.agency.name for row in compliance(period)] == EXPECTED
    for agency in agencies:
        ReportFactory(measure=measure, agency=agency, period=period)
    client.force_login(secretariat_user)
    page = client.get(reverse("reports:review")).content.decode()
    assert in_order(page.split('id="id_agency"')[1], EXPECTED)
