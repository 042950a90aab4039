"""The public read side's one entrance to the data: what the public may see
(``reports.visibility``), which year it sees by default, and the reporting records
(``reports.obligations``).

Pages, feeds, downloads and the open-data API read through this module; only it imports the
rules, so a change of rule reaches every public surface at once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from agencies.models import Agency
from civic.disagreement import disagreeing_measure_ids, disagrees
from civic.models import (
    Assessment,
    CivicFile,
    MonitoringActivity,
    MonitoringProject,
    Organisation,
    Reply,
)
from civic.references import resolve
from nap_portal.content_language import localized_sorted
from plans.models import Amendment, Assignment, Measure, Plan, SubItemAssignment
from plans.search import Vocabulary
from plans.status import ImplementationStatus
from reports.models import ProgressReport, ReportingPeriod
from reports.obligations import Record, agency_records, compliance, periods_records
from reports.visibility import (
    default_year,
    final_periods,
    public_evidence,
    public_indicator_values,
    public_measures,
    public_periods,
    public_plans,
    public_reports,
    public_signatures,
    public_sub_item_lines,
)

__all__ = [
    "agency_civic_scorecard",
    "disagreeing_measure_ids",
    "measure_side_by_side",
    "organisation_activities",
    "plan_year_assessments",
    "public_assessments",
    "public_civic_file",
    "public_organisations",
    "public_replies",
    "Record",
    "agency_records",
    "compliance",
    "default_year",
    "final_periods",
    "get_public_period",
    "latest_final_periods",
    "measure_amendments",
    "named_agencies",
    "newest_report_ids",
    "plan_amendments",
    "period_record",
    "periods_records",
    "public_agencies",
    "public_evidence",
    "public_indicator_values",
    "public_measures",
    "public_periods",
    "public_plans",
    "public_reports",
    "public_signatures",
    "public_sub_item_lines",
    "search_vocabulary",
]


def public_agencies() -> QuerySet[Agency]:
    """Agencies with a public page: the active ones."""
    return Agency.objects.active()


def newest_report_ids(plan: Plan, limit: int) -> list[int]:
    """The ids of ``plan``'s ``limit`` newest public reports: by publication time, the
    imported ones (which have none) last, then by year and id, newest first.

    A whole year's reports share one publication time, so sorting the plan's reports would
    sort all of them (80,000 at the bench's size) for ``limit`` rows. Instead one statement
    takes, per public period, its ``limit`` newest dated and ``limit`` newest undated reports,
    each an ordered scan of ``report_period_state_idx``, and the few candidates are ordered
    here. Two queries whatever the plan's size.
    """
    years = dict(public_periods().filter(plan=plan).values_list("pk", "year"))
    members, params = [], []
    for period_pk in years:
        for dated in (True, False):
            newest = ("-published_at", "-pk") if dated else ("-pk",)
            sql, member_params = (
                public_reports()
                .filter(period=period_pk, published_at__isnull=not dated)
                .order_by(*newest)
                .values_list("pk", "period_id", "published_at")[:limit]
                .query.sql_with_params()
            )
            # A LIMIT inside a UNION member must sit in a subquery (SQLite).
            members.append(f"SELECT * FROM ({sql}) AS newest_{len(members)}")
            params += member_params
    if not members:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(members), params)
        rows = cursor.fetchall()

    def newest_first(row):
        pk, period_pk, published_at = row
        if isinstance(published_at, str):  # SQLite answers a subquery's datetime as text
            published_at = datetime.fromisoformat(published_at)
        when = (1, published_at.timestamp()) if published_at else (0, 0)
        return (*when, years[period_pk], pk)

    return [row[0] for row in sorted(rows, key=newest_first, reverse=True)[:limit]]


def latest_final_periods(plans) -> dict[int, ReportingPeriod]:
    """Per plan id, its latest final period: the year the public sees by default."""
    latest: dict[int, ReportingPeriod] = {}
    for period in final_periods().filter(plan__in=plans).order_by("year"):
        latest[period.plan_id] = period
    return latest


def get_public_period(plan_slug: str, year: int, *, final: bool) -> ReportingPeriod:
    """The public period of a public plan (``final``: a final one), else 404."""
    periods = final_periods() if final else public_periods()
    try:
        return periods.select_related("plan").get(plan__slug=plan_slug, year=year)
    except (ReportingPeriod.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def named_agencies(plan: Plan) -> list:
    """Active agencies a plan obliges or recommends (for a measure or one of its sub-items),
    by name or through their category, in the reader's alphabetical order
    (nap_portal.content_language): rows of their names and slug (``name``, ``name_en``,
    ``name_ru``, ``slug``), for the board's agency filter."""
    named = Assignment.objects.filter(measure__plan=plan)
    # A sub-item's executors report on its measure too (reports.obligations).
    by_sub_item = SubItemAssignment.objects.filter(sub_item__measure__plan=plan)
    return localized_sorted(
        public_agencies()
        .filter(
            Q(pk__in=named.filter(agency__isnull=False).values("agency_id"))
            | Q(category__in=named.filter(category__isnull=False).values("category_id"))
            | Q(pk__in=by_sub_item.filter(agency__isnull=False).values("agency_id"))
            | Q(category__in=by_sub_item.filter(category__isnull=False).values("category_id"))
        )
        .values_list("name", "name_en", "name_ru", "slug", named=True)
    )


def agency_assignments(agency: Agency) -> list[Assignment]:
    """The agency's assignments in public plans, by name or through its category."""
    return list(
        Assignment.objects.filter(Q(agency=agency) | Q(category=agency.category_id))
        .filter(measure__in=public_measures())
        .select_related("measure__plan", "category")
        .order_by("-measure__plan__start_year", "measure__plan_id", "role", "measure__sort_key")
    )


def agency_sub_item_assignments(agency: Agency) -> list[SubItemAssignment]:
    """The agency's sub-item executorships in public plans, by name or through its category:
    it reports on their measures (reports.obligations)."""
    return list(
        SubItemAssignment.objects.filter(Q(agency=agency) | Q(category=agency.category_id))
        .filter(sub_item__measure__in=public_measures())
        .select_related("sub_item__measure__plan", "category")
        .order_by(
            "-sub_item__measure__plan__start_year",
            "sub_item__measure__plan_id",
            "sub_item__sort_key",
        )
    )


def agency_periods_records(
    agency: Agency, plan_ids, today: date | None = None
) -> dict[int, list[tuple[ReportingPeriod, Record]]]:
    """Per plan id: ``(period, record)`` of each of its reporting periods, the agency's
    expected / handed in / on time / missing / not yet due (reports.obligations)."""
    periods = list(ReportingPeriod.objects.filter(plan__in=plan_ids).order_by("plan_id", "year"))
    records = agency_records(agency, periods, today)
    by_plan: dict[int, list] = defaultdict(list)
    for period in periods:
        by_plan[period.plan_id].append((period, records[period.pk]))
    return by_plan


def year_record(plan: Plan, year: int, agency: Agency | None = None) -> Record | None:
    """The reporting record of ``plan``'s public period of ``year`` (reports.obligations):
    the whole period's, or ``agency``'s alone; None when the year has no public period.
    Six queries whatever the plan's size."""
    return period_record(public_periods().filter(plan=plan, year=year).first(), agency)


def period_record(period: ReportingPeriod | None, agency: Agency | None = None) -> Record | None:
    """``year_record`` of a public period already read (None: None)."""
    if period is None:
        return None
    if agency is not None:
        return agency_records(agency, [period])[period.pk]
    return periods_records([period])[period.pk]


def agency_report_years(agency: Agency, plan_ids) -> dict[int, list[int]]:
    """Per plan id, the final years in which the agency has public reports: the years of its
    report documents (/agencies/<agency>/reports/<plan>/<year>.pdf), newest first."""
    rows = (
        public_reports()
        .filter(agency=agency, period__plan__in=plan_ids, period__is_final=True)
        .order_by("period__plan_id", "-period__year")
        .values_list("period__plan_id", "period__year")
        .distinct()
    )
    years: dict[int, list[int]] = defaultdict(list)
    for plan_id, year in rows:
        years[plan_id].append(year)
    return years


def measure_of(plan_slug: str, number: str) -> Measure:
    try:
        return public_measures().with_executors().get(plan__slug=plan_slug, number=number)
    except Measure.DoesNotExist:
        raise Http404 from None


def plan_amendments(plan: Plan) -> QuerySet[Amendment]:
    """The amendment register of a public plan, newest first: every change since adoption is
    public (a draft's changes are not amendments and are not recorded)."""
    return (
        Amendment.objects.filter(plan=plan, plan__in=public_plans())
        .select_related("measure", "sub_item")
        .order_by("-changed_at", "-pk")
    )


def measure_amendments(measure: Measure) -> list[Amendment]:
    """The amendments that changed a public measure or one of its sub-items, newest first."""
    return list(
        Amendment.objects.filter(
            Q(measure=measure) | Q(sub_item__measure=measure), plan__in=public_plans()
        )
        .select_related("sub_item")
        .order_by("-changed_at", "-pk")
    )


SEARCH_VOCABULARY_SECONDS = 600


def search_vocabulary() -> Vocabulary:
    """The words of public measures' titles and indicators, for "did you mean" on a search
    that found nothing. Cached for a few minutes: a suggestion is checked before it is shown,
    so a stale vocabulary can only miss one, never offer a word that finds nothing."""

    def build() -> Vocabulary:
        rows = public_measures().order_by().values_list("title", "indicator")
        return Vocabulary.of(text for row in rows.iterator() for text in row)

    return cache.get_or_set("public:search-vocabulary", build, SEARCH_VOCABULARY_SECONDS)


# Civil society (civic): organisations, their activities and their published assessments.


def public_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True)


def public_assessments() -> QuerySet[Assessment]:
    """Published assessments of public measures, hidden ones included: a hidden one is shown
    as the secretariat's reason in its place, never with its text."""
    return Assessment.objects.published().filter(measure__in=public_measures())


def public_replies() -> QuerySet[Reply]:
    """Replies to published, shown assessments of public measures."""
    return Reply.objects.filter(assessment__in=public_assessments().filter(hidden_at__isnull=True))


def _with_replies(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return assessments.select_related("organisation", "measure__plan", "sub_item").prefetch_related(
        Prefetch(
            "replies",
            queryset=Reply.objects.select_related("agency").prefetch_related("files"),
        ),
        "files",
    )


def organisation_activities(organisation: Organisation) -> list[MonitoringActivity]:
    """The organisation's activities with their references resolved against public measures
    (``activity.resolved``), links and files: a fixed number of queries."""
    activities = list(
        organisation.activities.select_related("project")
        .prefetch_related("references", "links", "files")
        .order_by("project_id", "number")
    )
    references = [r for activity in activities for r in activity.references.all()]
    resolved = {item.reference.pk: item for item in resolve(references, public_measures())}
    for activity in activities:
        activity.resolved = [resolved[r.pk] for r in activity.references.all()]
    return activities


def organisation_projects(organisation: Organisation) -> list[MonitoringProject]:
    return list(organisation.projects.select_related("plan").order_by("pk"))


def organisation_assessments(organisation: Organisation) -> list[Assessment]:
    return list(
        _with_replies(public_assessments().filter(organisation=organisation)).order_by(
            "-published_at", "-pk"
        )
    )


def measure_side_by_side(measure: Measure, reports) -> dict:
    """The measure page's three views per year: the agencies' reported statuses (their own
    statement as submitted, else as published), the status published after review, and each
    public civil-society assessment with its replies; ``flagged`` where they disagree
    (civic.disagreement). ``reports``: the measure's public reports, loaded."""
    assessments = list(
        _with_replies(public_assessments().filter(measure=measure)).order_by(
            "-year", "published_at", "pk"
        )
    )
    submitted = _submitted_statuses([report.pk for report in reports])
    statuses: dict[int, list[str]] = defaultdict(list)
    rows: dict[int, list] = defaultdict(list)
    for report in reports:
        reported = submitted.get(report.pk, report.status)
        statuses[report.period.year].append(report.status)
        rows[report.period.year].append(
            {
                "agency": report.agency,
                "reported": _status_label(reported),
                "accepted": _status_label(report.status),
            }
        )
    for assessment in assessments:
        assessment.flagged = not assessment.is_hidden and disagrees(
            statuses.get(assessment.year, []), assessment.completion
        )
    years = sorted({*rows, *(a.year for a in assessments)}, reverse=True)
    return {
        "years": [
            {
                "year": year,
                "reports": rows.get(year, []),
                "assessments": [a for a in assessments if a.year == year],
            }
            for year in years
        ],
        "flagged": any(a.flagged for a in assessments),
        "count": len(assessments),
    }


def _status_label(status: str) -> str:
    return str(ImplementationStatus(status).label) if status else ""


def _submitted_statuses(report_ids: list[int]) -> dict[int, str]:
    """Per report id, the status its agency last submitted (from the report's history)."""
    if not report_ids:
        return {}
    history = ProgressReport.history.model.objects.filter(
        id__in=report_ids, history_change_reason="submitted"
    ).order_by("history_date", "history_id")
    return {row.id: row.status for row in history.only("id", "status")}


def plan_year_assessments(plan: Plan, year: int) -> list[Assessment]:
    """A plan's public assessments of one year, with replies: the consolidated report's
    civil-society annex."""
    return list(
        _with_replies(public_assessments().filter(measure__plan=plan, year=year)).order_by(
            "measure__sort_key", "organisation__name", "pk"
        )
    )


def agency_civic_scorecard(agency: Agency) -> list[Assessment]:
    """Public civil-society assessments of the measures an agency executes (by name or
    through its category), each with its replies: for the agency's scorecard."""
    executed = Assignment.objects.filter(Q(agency=agency) | Q(category=agency.category_id)).values(
        "measure_id"
    )
    return list(
        _with_replies(public_assessments().filter(measure__in=executed)).order_by(
            "-year", "measure__plan_id", "measure__sort_key", "pk"
        )
    )


def public_civic_file(pk: int) -> CivicFile:
    """A file of an activity, or of a shown public assessment or reply; else 404."""
    shown = public_assessments().filter(hidden_at__isnull=True)
    try:
        return CivicFile.objects.filter(
            Q(activity__isnull=False) | Q(assessment__in=shown) | Q(reply__in=public_replies())
        ).get(pk=pk)
    except (CivicFile.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
