"""Obligations derived from assignments, categories expanded; compliance per agency."""

from datetime import date

import pytest
import time_machine

from plans.models import Assignment
from reports import services
from reports.obligations import compliance, obligations_for_period
from tests.factories import (
    AgencyCategoryFactory,
    AgencyFactory,
    AssignmentFactory,
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


def test_samux_owes_the_items_of_seed_004_through_its_category(period, agency_b):
    numbers = [o.measure.number for o in obligations_for_period(period, [agency_b])]
    # Seed 004 is Samux's report on exactly these items, where the plan names a category.
    assert {"1.9", "4.1", "4.3", "5.4", "5.5", "5.6", "6.3"} <= set(numbers)
    assert all(o.via_category is not None for o in obligations_for_period(period, [agency_b]))


@pytest.fixture
def small_plan(db):
    plan = PlanFactory(start_year=2022, end_year=2024)
    priority = PriorityFactory(plan=plan)
    local = AgencyCategoryFactory(code="local-test")
    return {
        "plan": plan,
        "priority": priority,
        "local": local,
        "district_1": AgencyFactory(category=local, name="Birinci RİH"),
        "district_2": AgencyFactory(category=local, name="İkinci RİH"),
        "closed": AgencyFactory(category=local, name="Ləğv edilmiş RİH", is_active=False),
        "ministry": AgencyFactory(name="Nazirlik"),
        "court": AgencyFactory(name="Məhkəmə"),
    }


def test_obligations_expand_categories_skip_inactive_and_inactive_years(small_plan):
    s = small_plan
    every_year = MeasureFactory(priority=s["priority"], number="1.1")
    only_2022 = MeasureFactory(priority=s["priority"], number="1.2", end_year=2022)
    Assignment.objects.create(measure=every_year, role="main", category=s["local"])
    Assignment.objects.create(measure=every_year, role="co", agency=s["ministry"])
    Assignment.objects.create(measure=every_year, role="recommended", agency=s["court"])
    Assignment.objects.create(measure=only_2022, role="main", agency=s["ministry"])
    period = PeriodFactory(plan=s["plan"], year=2023)
    got = {(o.measure.number, o.agency.name, o.role) for o in obligations_for_period(period)}
    assert got == {
        ("1.1", "Birinci RİH", "main"),
        ("1.1", "İkinci RİH", "main"),
        ("1.1", "Nazirlik", "co"),
        ("1.1", "Məhkəmə", "recommended"),
    }


def test_an_agency_named_twice_owes_once_in_its_strongest_role(small_plan):
    s = small_plan
    measure = MeasureFactory(priority=s["priority"])
    Assignment.objects.create(measure=measure, role="co", category=s["local"])
    Assignment.objects.create(measure=measure, role="main", agency=s["district_1"])
    period = PeriodFactory(plan=s["plan"], year=2022)
    mine = obligations_for_period(period, [s["district_1"]])
    assert [(o.role, o.via_category) for o in mine] == [("main", None)]


def test_compliance_counts_expected_submitted_on_time_missing_and_recommended_apart(
    small_plan, secretariat_user
):
    s = small_plan
    measures = [MeasureFactory(priority=s["priority"]) for _ in range(3)]
    for measure in measures:
        AssignmentFactory(measure=measure, role="main", agency=s["ministry"])
    AssignmentFactory(measure=measures[0], role="recommended", agency=s["court"])
    staff = MembershipFactory(user=UserFactory(username="nazirlik"), agency=s["ministry"]).user
    period = services.open_period(
        plan=s["plan"], year=2023, due_date=date(2024, 1, 31), user=secretariat_user, notify=False
    )

    def file(measure, when):
        with time_machine.travel(when, tick=False):
            report = services.save_report(
                measure=measure,
                agency=s["ministry"],
                period=period,
                user=staff,
                works_done="Hazır.",
            )
            return services.submit_report(report=report, user=staff)

    on_time = file(measures[0], date(2024, 1, 15))
    file(measures[1], date(2024, 2, 10))  # late
    # Returned and resubmitted after the due date: the first submission was on time.
    services.return_report(report=on_time, user=secretariat_user, comment="Düzəlt.")
    with time_machine.travel(date(2024, 2, 20), tick=False):
        services.submit_report(report=on_time, user=staff)

    rows = {row.agency.name: row for row in compliance(period)}
    ministry = rows["Nazirlik"]
    assert (ministry.expected, ministry.handed_in, ministry.on_time, ministry.missing) == (
        3,
        2,
        1,
        1,
    )
    assert ministry.late == 1
    assert [m.pk for m in ministry.missing_measures] == [measures[2].pk]
    court = rows["Məhkəmə"]
    assert (court.expected, court.recommended_expected, court.recommended_handed_in) == (0, 1, 0)
    assert court.missing == 0  # recommended bodies are never "missing"


def test_obligations_run_a_fixed_number_of_queries(period, django_assert_num_queries):
    # The rule's one query (assignments, categories, extensions), measures, agencies.
    with django_assert_num_queries(3):
        everything = obligations_for_period(period)
    assert len(everything) > 300


@pytest.mark.parametrize(
    ("measure_roles", "sub_item_roles", "expected"),
    [
        # (the agency's roles on the measure, its roles on sub-items) → its one obligation
        ([], [("main", "agency")], "main"),
        ([], [("co", "category")], "co"),
        ([], [("recommended", "agency")], "recommended"),
        ([("co", "agency")], [("main", "agency")], "main"),
        ([("main", "category")], [("co", "agency")], "main"),
        ([], [("co", "agency"), ("main", "category")], "main"),
        ([], [], None),
    ],
)
def test_a_sub_item_executor_owes_the_measure_once_in_its_strongest_role(
    small_plan, measure_roles, sub_item_roles, expected
):
    s = small_plan
    measure = MeasureFactory(priority=s["priority"], number="4.1")
    first = SubItemFactory(measure=measure, number="4.1.1")
    deep = SubItemFactory(measure=measure, parent=first, number="4.1.1.1")
    district = s["district_1"]
    Assignment.objects.create(measure=measure, role="main", agency=s["ministry"])
    for role, how in measure_roles:
        target = {"agency": district} if how == "agency" else {"category": s["local"]}
        Assignment.objects.create(measure=measure, role=role, **target)
    for index, (role, how) in enumerate(sub_item_roles):
        target = (
            {"agency": district} if how == "agency" else {"category": s["local"], "agency": None}
        )
        SubItemAssignmentFactory(sub_item=[first, deep][index % 2], role=role, **target)
    period = PeriodFactory(plan=s["plan"], year=2023)
    mine = [(o.measure.number, o.role) for o in obligations_for_period(period, [district])]
    assert mine == ([("4.1", expected)] if expected else [])
    everyone = [(o.measure.number, o.agency.name) for o in obligations_for_period(period)]
    assert everyone.count(("4.1", "Birinci RİH")) == (1 if expected else 0)
    assert ("4.1", "Nazirlik") in everyone


def test_sub_item_executors_keep_the_fixed_query_count(small_plan, django_assert_num_queries):
    s = small_plan
    for number in range(1, 6):
        measure = MeasureFactory(priority=s["priority"], number=f"2.{number}")
        item = SubItemFactory(measure=measure)
        SubItemAssignmentFactory(sub_item=item, category=s["local"], agency=None)
    period = PeriodFactory(plan=s["plan"], year=2023)
    with django_assert_num_queries(3):
        got = obligations_for_period(period)
    assert len(got) == 10  # five measures × the two active district agencies
    with django_assert_num_queries(4):
        records = compliance(period)
    assert [row.expected for row in records] == [5, 5]


def test_the_rule_s_query_judges_local_dates_signatures_extensions_and_closed_periods(
    small_plan, secretariat_user
):
    """The edges of the one SQL statement (reports.obligations._owed_sql), on the database the
    suite runs on: "on time" is the Baku date of the first hand-in, not the UTC one; an
    imported report counts by its signature date; an extension moves the date only later;
    with no due date nothing is missing while the period is open."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from reports.models import DeadlineExtension, ProgressReport
    from reports.obligations import agency_records, periods_records
    from tests.factories import ReportFactory

    s = small_plan
    baku = ZoneInfo("Asia/Baku")
    measures = [MeasureFactory(priority=s["priority"], number=f"7.{n}") for n in range(1, 6)]
    for measure in measures:
        Assignment.objects.create(measure=measure, role="main", agency=s["ministry"])
    Assignment.objects.create(measure=measures[0], role="main", agency=s["court"])
    period = PeriodFactory(plan=s["plan"], year=2023, due_date=date(2024, 1, 31), is_open=True)
    state = ProgressReport.State.SUBMITTED

    def filed(measure, agency=None, **fields):
        return ReportFactory(
            measure=measure, agency=agency or s["ministry"], period=period, state=state, **fields
        )

    # 23:30 in Baku on the due date is 19:30 UTC: on time.
    filed(measures[0], first_submitted_at=datetime(2024, 1, 31, 23, 30, tzinfo=baku))
    # 00:30 in Baku the day after is still 31 January in UTC: late all the same.
    filed(measures[1], submitted_at=datetime(2024, 2, 1, 0, 30, tzinfo=baku))
    # Imported: no submission time, signed before the due date.
    filed(measures[2], signed_on=date(2024, 1, 20))
    # Nothing on measures 3 and 4: missing after the due date.
    record = periods_records([period], today=date(2024, 2, 10))[period.pk]
    ministry = agency_records(s["ministry"], [period], today=date(2024, 2, 10))[period.pk]
    assert (ministry.expected, ministry.handed_in, ministry.on_time) == (5, 3, 2)
    assert (ministry.missing, ministry.not_yet_due) == (2, 0)
    assert (record.expected, record.missing) == (6, 3)  # the court owes 7.1 too
    assert not ministry.extended and ministry.due_date == date(2024, 1, 31)

    # The ministry's extension to 15 February: the late one is on time, nothing missing yet.
    DeadlineExtension.objects.create(
        period=period,
        agency=s["ministry"],
        due_date=date(2024, 2, 15),
        reason="Test",
        granted_at=datetime(2024, 2, 1, tzinfo=baku),
    )
    ministry = agency_records(s["ministry"], [period], today=date(2024, 2, 10))[period.pk]
    assert (ministry.on_time, ministry.missing, ministry.not_yet_due) == (3, 0, 2)
    assert ministry.extended and ministry.due_date == date(2024, 2, 15)
    rows = {row.agency.name: row for row in compliance(period, today=date(2024, 2, 10))}
    assert rows["Nazirlik"].due_date == date(2024, 2, 15)
    assert [m.number for m in rows["Nazirlik"].outstanding_measures] == ["7.4", "7.5"]
    assert rows["Nazirlik"].missing_measures == []
    assert [m.number for m in rows["Məhkəmə"].missing_measures] == ["7.1"]
    # An extension never shortens the period's due date.
    DeadlineExtension.objects.filter(agency=s["ministry"]).update(due_date=date(2024, 1, 10))
    ministry = agency_records(s["ministry"], [period], today=date(2024, 2, 10))[period.pk]
    assert not ministry.extended and ministry.on_time == 2

    # No due date: nothing is late; nothing missing while open, all of it once closed.
    period.due_date = None
    period.save()
    open_record = agency_records(s["ministry"], [period], today=date(2030, 1, 1))[period.pk]
    assert (open_record.on_time, open_record.missing, open_record.not_yet_due) == (3, 0, 2)
    period.is_open = False
    period.save()
    closed = agency_records(s["ministry"], [period], today=date(2030, 1, 1))[period.pk]
    assert (closed.missing, closed.not_yet_due) == (2, 0)
