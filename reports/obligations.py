"""Who owes a report in a period, and how well they complied: the one place of that rule.

- **Obligations** are derived, never stored: every assignment of every measure active in the
  period's year, a category assignment expanded into the category's *active* agencies. An
  executor of one of the measure's sub-items (``SubItemAssignment``, at any depth, by name or
  through its category) owes a report on the measure like the measure's own executors, in
  its role there (the report carries a line per sub-item). An
  agency named twice for one measure (by name and through its category) owes it **once**, in
  its strongest role. ``recommended`` bodies (the government cannot order them) are invited
  and counted apart: they are never expected, late or missing.
- A report is **handed in** once the agency has submitted it: submitted, accepted, published
  — and **returned** too: it was handed in, the secretariat asked for changes, and the first
  hand-in already decided whether it was on time.
- **On time**: first handed in by the end of the due date (Baku time); an imported report
  counts by its signature date; a period without a due date has no deadline to miss.
- **Missing** only after the due date: a report not handed in while the due date has not
  passed is **not yet due** ("due by <date>"). A period without a due date is due once it is
  closed for submissions.
- **Extended**: the secretariat may give one agency a later due date in a period
  (``DeadlineExtension``); that agency's "on time" and "missing" are judged against it, and
  its record says so. An extension never shortens the period's due date, and a period
  without a due date has no deadline to extend.

The public pages, the open-data API, the secretariat's compliance table and its CSV, the
workspace and the reminders all read these figures from here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q
from django.utils import timezone

from agencies.models import Agency, AgencyCategory
from nap_portal.text import az_sort_key, az_sorted
from plans.models import Assignment, Measure, SubItemAssignment

from .models import DeadlineExtension, ProgressReport, ReportingPeriod

# When an agency is named twice for one measure (by name and through its category), the
# stronger role wins.
ROLE_STRENGTH = {Assignment.Role.MAIN: 3, Assignment.Role.CO: 2, Assignment.Role.RECOMMENDED: 1}
OBLIGED_ROLES = frozenset({Assignment.Role.MAIN, Assignment.Role.CO})
HANDED_IN_STATES = frozenset(
    {
        ProgressReport.State.SUBMITTED,
        ProgressReport.State.RETURNED,
        ProgressReport.State.ACCEPTED,
        ProgressReport.State.PUBLISHED,
    }
)


@dataclass(frozen=True)
class Obligation:
    """One agency must (or, if recommended, is invited to) report on one measure."""

    period: ReportingPeriod
    measure: Measure
    agency: Agency
    role: str
    via_category: AgencyCategory | None = None
    # The agency's extended due date in the period (DeadlineExtension), if any.
    extended_to: date | None = None

    @property
    def recommended(self) -> bool:
        return self.role == Assignment.Role.RECOMMENDED

    @property
    def due_date(self) -> date | None:
        """The date the agency is judged against: its extension, or the period's."""
        return due_date_of(self.period, self.extended_to)

    @property
    def extended(self) -> bool:
        return self.due_date != self.period.due_date

    def get_role_display(self) -> str:
        return str(Assignment.Role(self.role).label)


def _obligations(
    periods: Iterable[ReportingPeriod],
    agencies: Iterable[Agency] | None = None,
    *,
    ordered: bool = True,
) -> list[Obligation]:
    """The obligations of several periods at once, in four queries whatever their number
    (assignments of measures and of sub-items in one, measures, agencies, deadline
    extensions).

    Assignments are read as plain rows and every measure and agency is loaded once, so a
    plan of thousands of measures obliging whole categories expands in well under a second.
    """
    periods = list(periods)
    wanted = None if agencies is None else {agency.pk for agency in agencies}
    if not periods or (wanted is not None and not wanted):
        return []
    plan_ids = {period.plan_id for period in periods}
    assignments = Assignment.objects.filter(measure__plan_id__in=plan_ids)
    sub_assignments = SubItemAssignment.objects.filter(sub_item__measure__plan_id__in=plan_ids)
    if wanted is not None:
        # Only what can oblige these agencies: by name or through their categories.
        categories = Agency.objects.filter(pk__in=wanted).values("category_id")
        named_here = Q(agency_id__in=wanted) | Q(category_id__in=categories)
        assignments = assignments.filter(named_here)
        sub_assignments = sub_assignments.filter(named_here)
    # A sub-item's executors owe the report on its measure: one UNION, so the rule keeps its
    # query count.
    rows = list(
        assignments.order_by()
        .values_list("measure_id", "role", "agency_id", "category_id")
        .union(
            sub_assignments.order_by().values_list(
                "sub_item__measure_id", "role", "agency_id", "category_id"
            ),
            all=True,
        )
    )
    measure_ids = Q(pk__in=assignments.values("measure_id")) | Q(
        pk__in=sub_assignments.values("sub_item__measure_id")
    )
    measures = {
        measure.pk: measure
        for measure in Measure.objects.filter(measure_ids).only(
            "plan_id",
            "number",
            "title",
            "title_en",
            "title_ru",
            "sort_key",
            "start_year",
            "end_year",
        )
    }
    # Active agencies named by name or members of a category named; never an empty list
    # (Django answers that without a query), so pages run the same number of queries.
    named = {agency_id for _m, _r, agency_id, _c in rows if agency_id} or {0}
    named_categories = {category_id for *_x, category_id in rows if category_id} or {0}
    agencies_qs = Agency.objects.active().filter(
        Q(pk__in=named) | Q(category_id__in=named_categories)
    )
    if wanted is not None:
        agencies_qs = agencies_qs.filter(pk__in=wanted)
    by_pk: dict[int, Agency] = {}
    members: dict[int, list[Agency]] = defaultdict(list)
    for agency in agencies_qs.select_related("category"):
        by_pk[agency.pk] = agency
        members[agency.category_id].append(agency)

    strongest: dict[tuple[int, int, int], tuple[str, AgencyCategory | None]] = {}
    for period in periods:
        for measure_id, role, agency_id, category_id in rows:
            measure = measures[measure_id]
            if measure.plan_id != period.plan_id or not measure.is_active_in(period.year):
                continue
            if agency_id:
                # An inactive or unwanted agency is not loaded: it owes nothing here.
                targets = [(by_pk[agency_id], None)] if agency_id in by_pk else []
            else:
                targets = [(agency, agency.category) for agency in members[category_id]]
            for agency, via in targets:
                key = (period.pk, measure_id, agency.pk)
                current = strongest.get(key)
                if current is None or ROLE_STRENGTH[role] > ROLE_STRENGTH[current[0]]:
                    strongest[key] = (role, via)
    periods_by_pk = {period.pk: period for period in periods}
    extended = _extensions(periods, wanted)
    obligations = [
        Obligation(
            periods_by_pk[period_pk],
            measures[measure_id],
            by_pk[agency_pk],
            role,
            via,
            extended.get((period_pk, agency_pk)),
        )
        for (period_pk, measure_id, agency_pk), (role, via) in strongest.items()
    ]
    if ordered:
        obligations.sort(
            key=lambda o: (o.period.pk, o.measure.sort_key, az_sort_key(o.agency.name))
        )
    return obligations


def _extensions(periods: list[ReportingPeriod], agency_ids: set[int] | None) -> dict:
    """Extended due dates by (period id, agency id), in one query."""
    extensions = DeadlineExtension.objects.filter(period__in=[p.pk for p in periods])
    if agency_ids is not None:
        extensions = extensions.filter(agency__in=agency_ids)
    rows = extensions.values_list("period_id", "agency_id", "due_date")
    return {(period_id, agency_id): due for period_id, agency_id, due in rows}


def due_date_of(period: ReportingPeriod, extended_to: date | None = None) -> date | None:
    """An agency's due date in the period: its extension when later than the period's."""
    if period.due_date is None or extended_to is None or extended_to <= period.due_date:
        return period.due_date
    return extended_to


def obligations_for_period(
    period: ReportingPeriod, agencies: Iterable[Agency] | None = None
) -> list[Obligation]:
    """The period's obligations (recommended included), ordered by measure then agency name.

    ``agencies`` narrows them to those agencies (a workspace shows its own only).
    Runs four queries whatever the plan's size.
    """
    return _obligations([period], agencies)


def is_obliged(period: ReportingPeriod, measure: Measure, agency: Agency) -> bool:
    """Whether the agency owes (or is invited to give) a report on the measure in the period."""
    if measure.plan_id != period.plan_id or not measure.is_active_in(period.year):
        return False
    return any(o.measure.pk == measure.pk for o in obligations_for_period(period, [agency]))


def is_handed_in(report: ProgressReport | Filed | None) -> bool:
    return report is not None and report.state in HANDED_IN_STATES


def was_on_time(report: ProgressReport | Filed, due: date | None) -> bool:
    """Handed in by the end of the due date (Baku time); imports count by signature date."""
    if due is None:
        return True
    when: datetime | date | None = report.first_submitted_at or report.submitted_at
    if when is not None:
        return timezone.localdate(when) <= due
    return report.signed_on is not None and report.signed_on <= due


def is_past_due(
    period: ReportingPeriod, today: date | None = None, extended_to: date | None = None
) -> bool:
    """Whether a report not handed in counts as missing: the due date (``extended_to``, the
    agency's extension, when later) has passed (or, with no due date, the period is closed)."""
    due = due_date_of(period, extended_to)
    if due is None:
        return not period.is_open
    return (today or timezone.localdate()) > due


@dataclass
class Record:
    """Expected, handed in, on time, missing and not yet due reports (obliged roles only);
    recommended bodies' reports apart."""

    expected: int = 0
    handed_in: int = 0
    on_time: int = 0
    missing: int = 0
    not_yet_due: int = 0
    returned: int = 0  # handed in, and back with the agency for changes
    recommended_expected: int = 0
    recommended_handed_in: int = 0
    missing_measures: list[Measure] = field(default_factory=list)
    # Missing and not yet due: what is still to hand in.
    outstanding_measures: list[Measure] = field(default_factory=list)
    # One agency's record: the date it is judged against, and whether it was extended.
    due_date: date | None = None
    extended: bool = False

    @property
    def outstanding(self) -> int:
        """What the agency still has to send: not handed in (due or not) or returned."""
        return self.missing + self.not_yet_due + self.returned

    @property
    def late(self) -> int:
        return self.handed_in - self.on_time

    @property
    def handed_in_share(self) -> float | None:
        """Handed in of expected, 0–100; None when nothing was expected."""
        return None if not self.expected else 100 * self.handed_in / self.expected

    def count(self, obligation: Obligation, report: Filed | None, today: date) -> None:
        period = obligation.period
        handed_in = is_handed_in(report)
        if obligation.recommended:
            self.recommended_expected += 1
            self.recommended_handed_in += handed_in
            return
        self.expected += 1
        if handed_in:
            self.handed_in += 1
            self.on_time += was_on_time(report, obligation.due_date)
            if report.state == ProgressReport.State.RETURNED:
                self.returned += 1
                self.outstanding_measures.append(obligation.measure)
        elif is_past_due(period, today, obligation.extended_to):
            self.missing += 1
            self.missing_measures.append(obligation.measure)
            self.outstanding_measures.append(obligation.measure)
        else:
            self.not_yet_due += 1
            self.outstanding_measures.append(obligation.measure)

    def as_dict(self) -> dict[str, int]:
        return {
            "expected": self.expected,
            "handed_in": self.handed_in,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "not_yet_due": self.not_yet_due,
            "returned": self.returned,
            "recommended_expected": self.recommended_expected,
            "recommended_handed_in": self.recommended_handed_in,
        }


@dataclass
class AgencyCompliance(Record):
    """One agency's record in a period."""

    agency: Agency | None = None


@dataclass(frozen=True)
class Filed:
    """What the rule needs of a report (read as a plain row: a year has thousands)."""

    state: str
    first_submitted_at: datetime | None
    submitted_at: datetime | None
    signed_on: date | None


def _reports(periods: list[ReportingPeriod], agencies=None) -> dict[tuple, Filed]:
    reports = ProgressReport.objects.filter(period__in=[p.pk for p in periods])
    if agencies is not None:
        reports = reports.filter(agency__in=[a.pk for a in agencies])
    rows = reports.values_list(
        "period_id",
        "measure_id",
        "agency_id",
        "state",
        "first_submitted_at",
        "submitted_at",
        "signed_on",
    )
    return {(p, m, a): Filed(*rest) for p, m, a, *rest in rows}


def compliance(period: ReportingPeriod, today: date | None = None) -> list[AgencyCompliance]:
    """Per agency: expected, handed in, on time, missing and not yet due, judged against the
    agency's due date (extended or the period's); by agency name. Five queries whatever the
    plan's size."""
    today = today or timezone.localdate()
    reports = _reports([period])
    rows: dict[int, AgencyCompliance] = {}
    for obligation in obligations_for_period(period):
        row = rows.setdefault(
            obligation.agency.pk,
            AgencyCompliance(
                agency=obligation.agency,
                due_date=obligation.due_date,
                extended=obligation.extended,
            ),
        )
        key = (period.pk, obligation.measure.pk, obligation.agency.pk)
        row.count(obligation, reports.get(key), today)
    return az_sorted(rows.values(), lambda row: row.agency.name)


def period_total(rows: Iterable[Record]) -> Record:
    """The sum of agencies' records: the period's record."""
    total = Record()
    for row in rows:
        for name in (
            "expected",
            "handed_in",
            "on_time",
            "missing",
            "not_yet_due",
            "returned",
            "recommended_expected",
            "recommended_handed_in",
        ):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.missing_measures += row.missing_measures
        total.outstanding_measures += row.outstanding_measures
    return total


def period_record(period: ReportingPeriod, today: date | None = None) -> Record:
    """The whole period's record: the sum of ``compliance`` over its agencies."""
    return periods_records([period], today)[period.pk]


def periods_records(
    periods: Iterable[ReportingPeriod], today: date | None = None
) -> dict[int, Record]:
    """``period_record`` of several periods (e.g. every plan's on the home page), by period
    id, in five queries."""
    periods = list(periods)
    today = today or timezone.localdate()
    reports = _reports(periods)
    records = {period.pk: Record() for period in periods}
    for obligation in _obligations(periods, ordered=False):
        key = (obligation.period.pk, obligation.measure.pk, obligation.agency.pk)
        records[obligation.period.pk].count(obligation, reports.get(key), today)
    return records


def agency_records(
    agency: Agency, periods: Iterable[ReportingPeriod], today: date | None = None
) -> dict[int, Record]:
    """One agency's record per period (by period id), with its due date there (extended or
    the period's), in five queries."""
    periods = list(periods)
    today = today or timezone.localdate()
    reports = _reports(periods, [agency])
    records = {period.pk: Record(due_date=period.due_date) for period in periods}
    for obligation in _obligations(periods, [agency], ordered=False):
        record = records[obligation.period.pk]
        record.due_date, record.extended = obligation.due_date, obligation.extended
        key = (obligation.period.pk, obligation.measure.pk, agency.pk)
        records[obligation.period.pk].count(obligation, reports.get(key), today)
    return records
