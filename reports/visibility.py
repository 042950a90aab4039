"""What the public may see, and which year it sees by default: the one place of that rule.

- a **plan** is public unless it is a draft;
- a **reporting period** is public when its plan is public and its results are published
  (the first report of the year published makes them public); it is **final** when the
  secretariat has published the year as a whole;
- a **report** is public when it is published, in a public period;
- an agency's **signature** of its report for a period is public when the period is public;
- **evidence** is public when it is marked public (not internal) and its report is public;
- a report's **indicator values** and **sub-item lines** are public with their report.

The public's **default year** for a plan is its latest final year; a year that is public but
not final is shown only when asked for, marked provisional, and has no consolidated report.

Every page, feed, download, search index and the open-data API reads through these functions
(the public read side through ``public.selectors``); nobody re-spells them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from plans.models import Measure, Plan

from .models import (
    AgencySignature,
    Evidence,
    IndicatorValue,
    ProgressReport,
    ReportingPeriod,
    SubItemProgress,
)


def plan_is_public(path: str = "") -> Q:
    """``Q`` keeping rows whose plan (reached through ``path``, e.g. ``"measure__plan__"``)
    is public."""
    return ~Q(**{f"{path}status": Plan.Status.DRAFT})


def period_is_public(path: str = "") -> Q:
    return Q(**{f"{path}is_published": True}) & plan_is_public(f"{path}plan__")


def report_is_public(path: str = "") -> Q:
    return Q(**{f"{path}state": ProgressReport.State.PUBLISHED}) & period_is_public(
        f"{path}period__"
    )


def public_plans() -> QuerySet[Plan]:
    return Plan.objects.filter(plan_is_public())


def public_measures() -> QuerySet[Measure]:
    return Measure.objects.filter(plan_is_public("plan__"))


def public_periods() -> QuerySet[ReportingPeriod]:
    """Periods with public results (final or provisional), of public plans."""
    return ReportingPeriod.objects.filter(period_is_public())


def final_periods() -> QuerySet[ReportingPeriod]:
    return public_periods().filter(is_final=True)


def public_reports() -> QuerySet[ProgressReport]:
    return ProgressReport.objects.filter(report_is_public())


def public_signatures() -> QuerySet[AgencySignature]:
    """Signatures of agencies' reports in public periods: an agency's report document prints
    its signature under its public reports (a period with none has no such document)."""
    return AgencySignature.objects.filter(period_is_public("period__"))


def evidence_is_public(path: str = "") -> Q:
    """``Q`` keeping evidence (reached through ``path``) marked public, of a public report."""
    return Q(**{f"{path}is_public": True}) & report_is_public(f"{path}report__")


def public_evidence() -> QuerySet[Evidence]:
    return Evidence.objects.filter(evidence_is_public())


def public_indicator_values() -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(report_is_public("report__"))


def public_sub_item_lines() -> QuerySet[SubItemProgress]:
    return SubItemProgress.objects.filter(report_is_public("report__"))


def becomes_public_on_publication(evidence: Evidence) -> bool:
    """Whether ``evidence`` goes public once its report is published (the publish step lists
    these): the condition of ``evidence_is_public`` that does not depend on the report."""
    return evidence.is_public


def is_public_report(report: ProgressReport) -> bool:
    """The Python twin of ``report_is_public`` for one loaded report."""
    period = report.period
    return (
        report.state == ProgressReport.State.PUBLISHED
        and period.is_published
        and period.plan.status != Plan.Status.DRAFT
    )


def is_public_evidence(evidence: Evidence) -> bool:
    """The Python twin of ``evidence_is_public`` for one loaded evidence item."""
    return becomes_public_on_publication(evidence) and is_public_report(evidence.report)


def default_year(plan: Plan, final_years: list[int], today_year: int) -> int:
    """The latest final year; without one, the plan year nearest today (a year with nothing
    public yet, never a provisional one)."""
    if final_years:
        return max(final_years)
    return min(max(today_year, plan.start_year), plan.end_year)
