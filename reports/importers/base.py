"""Saving imported statements as published reports of a published reporting period."""

from plans.importers.base import ImportReport, upsert
from plans.models import Measure, Plan

from ..models import ProgressReport, ReportingPeriod


def published_period(plan: Plan, year: int, report: ImportReport) -> ReportingPeriod:
    """The seed documents are public, so their period is closed and its results published
    as final."""
    return upsert(
        ReportingPeriod,
        {"plan": plan, "year": year},
        {"is_open": False, "is_published": True, "is_final": True},
        report,
    )


def save_statement(
    *,
    measure: Measure,
    agency,
    period: ReportingPeriod,
    works_done: str,
    position: int,
    report: ImportReport,
    **extra,
) -> ProgressReport:
    """One agency's published statement on a measure; unchanged rows are not saved again."""
    return upsert(
        ProgressReport,
        {"measure": measure, "agency": agency, "period": period},
        {
            "works_done": works_done,
            "position": position,
            "state": ProgressReport.State.PUBLISHED,
            **extra,
        },
        report,
    )
