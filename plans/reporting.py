"""Reporting records: how many reports were expected, received, on time, published, missing.

Obligations are derived, never stored: every ``main`` or ``co`` assignment of a measure active
in a period's year, a category assignment expanded over the active agencies of its category.
"Recommended" bodies are not obliged (the government cannot order them), so their reports
are not expected, though they are published when they arrive.

A report is *received* once it left the draft state (submitted, returned, accepted or
published); *on time* when it was first submitted by the period's due date, or the period
has no due date; *published* when it is published and the period's results are public.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from reports.models import ProgressReport, ReportingPeriod

from .models import Assignment

OBLIGED_ROLES = (Assignment.Role.MAIN, Assignment.Role.CO)
RECEIVED_STATES = (
    ProgressReport.State.SUBMITTED,
    ProgressReport.State.RETURNED,
    ProgressReport.State.ACCEPTED,
    ProgressReport.State.PUBLISHED,
)


@dataclass
class Record:
    expected: int = 0
    received: int = 0
    on_time: int = 0
    published: int = 0

    @property
    def missing(self) -> int:
        return max(self.expected - self.received, 0)

    @property
    def received_share(self) -> float | None:
        """Received of expected, 0–100; None when nothing was expected."""
        return (
            None if not self.expected else 100 * min(self.received, self.expected) / self.expected
        )


def _is_on_time(submitted_at, due_date) -> bool:
    if due_date is None:
        return True
    return submitted_at is not None and timezone.localdate(submitted_at) <= due_date


def period_record(period: ReportingPeriod) -> Record:
    """The reporting record of all agencies for one period, in three queries."""
    active = Q(
        measure__plan=period.plan_id,
        measure__start_year__lte=period.year,
        measure__end_year__gte=period.year,
        role__in=OBLIGED_ROLES,
    )
    from agencies.models import Agency

    members = (
        Agency.objects.active()
        .filter(category=OuterRef("category"))
        .order_by()
        .values("category")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Assignment.objects.filter(active)
        .filter(Q(agency__is_active=True) | Q(category__isnull=False))
        .annotate(size=Coalesce(Subquery(members), 0))
        .values_list("agency_id", "size")
    )
    expected = sum(1 if agency_id else size for agency_id, size in rows)
    obliged = Assignment.objects.filter(measure=OuterRef("measure"), role__in=OBLIGED_ROLES).filter(
        Q(agency=OuterRef("agency")) | Q(category=OuterRef("agency__category"))
    )
    reports = (
        ProgressReport.objects.filter(
            period=period,
            state__in=RECEIVED_STATES,
            agency__is_active=True,
            measure__start_year__lte=period.year,
            measure__end_year__gte=period.year,
        )
        .filter(Exists(obliged))
        .values_list("state", "submitted_at")
    )
    record = Record(expected=expected)
    for state, submitted_at in reports:
        record.received += 1
        record.on_time += _is_on_time(submitted_at, period.due_date)
        record.published += state == ProgressReport.State.PUBLISHED and period.is_published
    return record


def agency_records(agency, assignments: list[Assignment], periods: list[ReportingPeriod]):
    """One agency's record per (plan, year), from its ``assignments`` (measure loaded) and the
    ``periods`` of their plans; one query for its reports."""
    obliged: dict[int, list] = defaultdict(list)  # plan id -> measures
    for assignment in assignments:
        if assignment.role in OBLIGED_ROLES:
            obliged[assignment.measure.plan_id].append(assignment.measure)
    reports = {
        (measure_id, period_id): (state, submitted_at)
        for measure_id, period_id, state, submitted_at in ProgressReport.objects.filter(
            agency=agency
        ).values_list("measure_id", "period_id", "state", "submitted_at")
    }
    records: dict[tuple[int, int], Record] = {}
    for period in periods:
        record = Record()
        for measure in {m.pk: m for m in obliged.get(period.plan_id, [])}.values():
            if not measure.is_active_in(period.year):
                continue
            record.expected += 1
            state, submitted_at = reports.get((measure.pk, period.pk), (None, None))
            if state in RECEIVED_STATES:
                record.received += 1
                record.on_time += _is_on_time(submitted_at, period.due_date)
                record.published += state == ProgressReport.State.PUBLISHED and period.is_published
        records[(period.plan_id, period.year)] = record
    return records
