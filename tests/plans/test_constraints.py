"""The database itself refuses data that breaks the domain's rules."""

import pytest
from django.db import IntegrityError, transaction

from plans.models import Assignment, Measure, measure_sort_key
from reports.models import ProgressReport
from tests.conftest import OPEN_GOV
from tests.factories import (
    AgencyCategoryFactory,
    AgencyFactory,
    MeasureFactory,
    PeriodFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db


def test_measure_numbers_sort_naturally(seeded):
    numbers = list(
        Measure.objects.filter(plan=seeded[OPEN_GOV], priority__number=2)
        .in_order()
        .values_list("number", flat=True)
    )
    assert numbers[8:11] == ["2.9", "2.10", "2.11"]
    assert measure_sort_key("4.1.3") > measure_sort_key("4.1")
    assert measure_sort_key("10.1") > measure_sort_key("9.12")


def test_a_measure_number_is_unique_within_its_plan(seeded):
    existing = seeded[OPEN_GOV].measures.get(number="1.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureFactory(priority=existing.priority, plan=existing.plan, number="1.1")


def test_an_assignment_names_exactly_one_agency_or_category(seeded):
    measure = seeded[OPEN_GOV].measures.get(number="1.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(
            measure=measure, role="main", agency=AgencyFactory(), category=AgencyCategoryFactory()
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(measure=measure, role="main")


def test_one_report_per_measure_agency_and_period(seeded):
    report = ReportFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.create(
            measure=report.measure, agency=report.agency, period=report.period
        )


def test_a_period_is_unique_per_plan_and_year(seeded):
    period = PeriodFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(period).objects.create(plan=period.plan, year=period.year)


def test_report_changes_are_kept_in_history(seeded):
    report = ReportFactory(works_done="Birinci mətn.")
    report.works_done = "İkinci mətn."
    report.save()
    assert [h.works_done for h in report.history.order_by("history_date")] == [
        "Birinci mətn.",
        "İkinci mətn.",
    ]
