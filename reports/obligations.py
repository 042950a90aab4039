"""What each agency owes in a reporting period, and how well it complied.

Obligations are derived, never stored: every assignment of every measure active in the
period's year, a category assignment expanded into the category's active agencies.
``recommended`` bodies (the government cannot order them) are invited and counted apart.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone

from agencies.models import Agency, AgencyCategory
from plans.models import Assignment, Measure

from .models import ProgressReport, ReportingPeriod

# When an agency is named twice for one measure (by name and through its category), the
# stronger role wins.
ROLE_STRENGTH = {Assignment.Role.MAIN: 3, Assignment.Role.CO: 2, Assignment.Role.RECOMMENDED: 1}


@dataclass(frozen=True)
class Obligation:
    """One agency must (or, if recommended, is invited to) report on one measure."""

    period: ReportingPeriod
    measure: Measure
    agency: Agency
    role: str
    via_category: AgencyCategory | None = None

    @property
    def recommended(self) -> bool:
        return self.role == Assignment.Role.RECOMMENDED

    def get_role_display(self) -> str:
        return str(Assignment.Role(self.role).label)


def obligations_for_period(
    period: ReportingPeriod, agencies: Iterable[Agency] | None = None
) -> list[Obligation]:
    """The period's obligations (recommended included), ordered by measure then agency name.

    ``agencies`` narrows them to those agencies (a workspace shows its own only).
    Runs three queries whatever the plan's size.
    """
    wanted = None if agencies is None else {agency.pk for agency in agencies}
    if wanted is not None and not wanted:
        return []
    assignments = list(
        Assignment.objects.filter(
            measure__plan_id=period.plan_id,
            measure__start_year__lte=period.year,
            measure__end_year__gte=period.year,
        ).select_related("measure__plan", "agency__category", "category")
    )
    category_ids = {a.category_id for a in assignments if a.category_id}
    members: dict[int, list[Agency]] = defaultdict(list)
    if category_ids:
        agencies_qs = Agency.objects.active().filter(category_id__in=category_ids)
        if wanted is not None:
            agencies_qs = agencies_qs.filter(pk__in=wanted)
        for agency in agencies_qs.select_related("category"):
            members[agency.category_id].append(agency)

    best: dict[tuple[int, int], Obligation] = {}
    for assignment in assignments:
        if assignment.agency_id:
            if not assignment.agency.is_active:
                continue
            if wanted is not None and assignment.agency_id not in wanted:
                continue
            targets = [(assignment.agency, None)]
        else:
            targets = [(agency, assignment.category) for agency in members[assignment.category_id]]
        for agency, via in targets:
            key = (assignment.measure_id, agency.pk)
            current = best.get(key)
            if current is None or ROLE_STRENGTH[assignment.role] > ROLE_STRENGTH[current.role]:
                best[key] = Obligation(period, assignment.measure, agency, assignment.role, via)
    return sorted(best.values(), key=lambda o: (o.measure.sort_key, o.agency.name))


def is_obliged(period: ReportingPeriod, measure: Measure, agency: Agency) -> bool:
    """Whether the agency owes (or is invited to give) a report on the measure in the period."""
    if measure.plan_id != period.plan_id or not measure.is_active_in(period.year):
        return False
    return any(o.measure.pk == measure.pk for o in obligations_for_period(period, [agency]))


def was_on_time(report: ProgressReport, due: date | None) -> bool:
    """Handed in by the end of the due date (Baku time); imports count by signature date."""
    if due is None:
        return True
    when: datetime | date | None = report.first_submitted_at or report.submitted_at
    if when is not None:
        return timezone.localdate(when) <= due
    return report.signed_on is not None and report.signed_on <= due


@dataclass
class AgencyCompliance:
    """One agency's record in a period: obliged reports, and recommended ones apart."""

    agency: Agency
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    recommended_expected: int = 0
    recommended_submitted: int = 0
    missing_measures: list[Measure] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def late(self) -> int:
        return self.submitted - self.on_time


def compliance(period: ReportingPeriod) -> list[AgencyCompliance]:
    """Per agency: expected, submitted (handed in), on time and missing; by agency name."""
    obligations = obligations_for_period(period)
    reports = {
        (r.measure_id, r.agency_id): r
        for r in ProgressReport.objects.filter(period=period).only(
            "measure_id", "agency_id", "state", "submitted_at", "first_submitted_at", "signed_on"
        )
    }
    rows: dict[int, AgencyCompliance] = {}
    for obligation in obligations:
        row = rows.setdefault(obligation.agency.pk, AgencyCompliance(obligation.agency))
        report = reports.get((obligation.measure.pk, obligation.agency.pk))
        handed_in = report is not None and report.state in ProgressReport.HANDED_IN_STATES
        if obligation.recommended:
            row.recommended_expected += 1
            row.recommended_submitted += handed_in
            continue
        row.expected += 1
        if handed_in:
            row.submitted += 1
            row.on_time += was_on_time(report, period.due_date)
        else:
            row.missing_measures.append(obligation.measure)
    return sorted(rows.values(), key=lambda row: row.agency.name)
