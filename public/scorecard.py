"""An agency's scorecard across every public plan: its measures by role, their statuses in
the plan's latest final year, and its reports due, handed in and on time per year.

Every number comes from the rule that owns it — statuses from ``plans.status`` (as the board
counts them, so the board filtered by the agency shows the same), the reporting record from
``reports.obligations`` — read through ``public.selectors``. A fixed number of queries
whatever the number of plans, measures or years.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from agencies.models import Agency
from plans.models import Assignment, Plan
from plans.status import bucket, measure_status, says_something
from reports.models import ReportingPeriod

from . import charts
from .board import period_ranks
from .selectors import (
    Record,
    agency_assignments,
    agency_periods_records,
    latest_final_periods,
)


@dataclass
class PlanCard:
    plan: Plan
    roles: list[tuple[str, str, int]]  # (role, label, number of measures)
    measure_count: int
    year: int | None  # the latest final year, whose statuses are counted
    statuses: dict | None  # charts.status_bar of the measures' buckets in ``year``
    says_something: bool
    records: list[tuple[ReportingPeriod, Record]]
    total: Record = field(default_factory=Record)

    @property
    def on_time_share(self) -> float | None:
        return None if not self.total.expected else 100 * self.total.on_time / self.total.expected


def _sum(records) -> Record:
    total = Record()
    for record in records:
        for name in ("expected", "handed_in", "on_time", "missing", "not_yet_due"):
            setattr(total, name, getattr(total, name) + getattr(record, name))
    return total


def agency_scorecard(agency: Agency) -> tuple[list[PlanCard], Record]:
    """The agency's card per public plan that names it (newest plan first), and its reporting
    record summed over every plan and year."""
    assignments = agency_assignments(agency)
    plans: dict[int, Plan] = {}
    by_plan: dict[int, list[Assignment]] = {}
    for assignment in assignments:
        plan = assignment.measure.plan
        plans.setdefault(plan.pk, plan)
        by_plan.setdefault(plan.pk, []).append(assignment)
    latest = latest_final_periods(list(plans))
    measure_ids = {a.measure_id for a in assignments}
    ranks = (
        dict(
            period_ranks(
                period__in=[p.pk for p in latest.values()], measure__in=measure_ids
            ).values_list("measure_id", "rank")
        )
        if latest
        else {}
    )
    records = agency_periods_records(agency, list(plans))
    labels = dict(Assignment.Role.choices)
    cards = []
    for plan_id, plan in plans.items():
        plan_assignments = by_plan[plan_id]
        role_counts = Counter()
        for role in {(a.role, a.measure_id) for a in plan_assignments}:
            role_counts[role[0]] += 1
        measures = {a.measure_id: a.measure for a in plan_assignments}
        period = latest.get(plan_id)
        statuses, buckets = None, Counter()
        if period is not None:
            for measure_id, measure in measures.items():
                status, overdue = measure_status(
                    ranks.get(measure_id), measure.end_year, period.year
                )
                buckets[bucket(status, overdue)] += 1
            statuses = charts.status_bar(buckets)
        plan_records = records.get(plan_id, [])
        cards.append(
            PlanCard(
                plan=plan,
                roles=[
                    (role, labels[role], role_counts[role])
                    for role in Assignment.Role.values
                    if role_counts[role]
                ],
                measure_count=len(measures),
                year=period.year if period else None,
                statuses=statuses,
                says_something=says_something(buckets),
                records=plan_records,
                total=_sum(record for _period, record in plan_records),
            )
        )
    total = _sum(card.total for card in cards)
    return cards, total
