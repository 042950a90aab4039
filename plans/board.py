"""The public status board: its filters, and each measure's status for a year.

Status rule (one place, reused by the board, the measure page, the exports and the API):

- a measure's status for a year comes from the *published* reports of that year's reporting
  period, and only when the period's results are published;
- it is the **least advanced** status stated among those reports (one agency "in progress"
  and another "done" make the measure "in progress"); reports that state no status are
  ignored when another one states a status;
- reports that all state none make the bucket ``not_stated`` (the seed documents state
  none); no published report at all makes the bucket ``no_report``;
- **overdue** is computed, never typed: the measure's end year is before the year shown and
  its status for that year is not "done" (``Measure.is_overdue``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db import models
from django.utils.translation import gettext_lazy as _

from reports.models import ImplementationStatus

# Least advanced first; a report without a status ranks after every stated one.
STATUS_RANK = {
    ImplementationStatus.NOT_STARTED: 1,
    ImplementationStatus.IN_PROGRESS: 2,
    ImplementationStatus.PARTIALLY_DONE: 3,
    ImplementationStatus.DONE: 4,
}
NOT_STATED_RANK = 9
DONE_RANK = STATUS_RANK[ImplementationStatus.DONE]


class BoardStatus(models.TextChoices):
    """What the board shows for a measure in a year: a reported status or why there is none."""

    NOT_STARTED = ImplementationStatus.NOT_STARTED.value, ImplementationStatus.NOT_STARTED.label
    IN_PROGRESS = ImplementationStatus.IN_PROGRESS.value, ImplementationStatus.IN_PROGRESS.label
    PARTIALLY_DONE = (
        ImplementationStatus.PARTIALLY_DONE.value,
        ImplementationStatus.PARTIALLY_DONE.label,
    )
    DONE = ImplementationStatus.DONE.value, ImplementationStatus.DONE.label
    NOT_STATED = "not_stated", _("Status not stated")
    NO_REPORT = "no_report", _("No published report")


OVERDUE = "overdue"
# The values the board's ``status`` filter accepts: a board status, or "overdue".
STATUS_FILTER_CHOICES = [*BoardStatus.choices, (OVERDUE, _("Overdue"))]
STATUS_BY_RANK = {rank: BoardStatus(status.value) for status, rank in STATUS_RANK.items()}
STATUS_BY_RANK[NOT_STATED_RANK] = BoardStatus.NOT_STATED


def rank_of(status: str) -> int:
    return STATUS_RANK.get(status, NOT_STATED_RANK)


def status_from_reports(statuses: list[str]) -> BoardStatus:
    """The measure's status from the statuses of one year's published reports (rule above)."""
    if not statuses:
        return BoardStatus.NO_REPORT
    return STATUS_BY_RANK[min(rank_of(status) for status in statuses)]


def published_period(year: int, plan=None):
    """The id of ``plan``'s published period of ``year``, as a subquery evaluated once.

    Filtering reports by this id, not through a join, lets PostgreSQL read them through the
    (period, state) and (measure, agency, period) indexes. ``plan=None`` correlates with the
    plan of the measure two levels out (inside ``MeasureQuerySet.with_status``).
    """
    from reports.models import ReportingPeriod

    plan_ref = models.OuterRef(models.OuterRef("plan_id")) if plan is None else plan
    periods = ReportingPeriod.objects.filter(plan=plan_ref, year=year, is_published=True)
    return models.Subquery(periods.values("pk")[:1])


def year_ranks(plan, year: int):
    """Per measure of ``plan``: the least advanced rank among ``year``'s published reports.

    One grouped pass over the period's reports (the ``report_period_state_idx`` index);
    measures without a published report are absent. Values: ``(measure_id, rank)``.
    """
    return period_ranks(period=published_period(year, plan=plan))


def period_ranks(**lookup):
    """``year_ranks`` for the published reports matching ``lookup`` (``period__in=[...]``);
    callers pass published periods only."""
    from reports.models import ProgressReport

    ranks = [
        models.When(status=status, then=models.Value(rank)) for status, rank in STATUS_RANK.items()
    ]
    return (
        ProgressReport.objects.published()
        .filter(**lookup)
        .order_by()
        .values("measure_id")
        .annotate(rank=models.Min(models.Case(*ranks, default=models.Value(NOT_STATED_RANK))))
    )


def measure_status(rank: int | None, end_year: int, year: int) -> tuple[str, bool]:
    """``(status, overdue)`` of a measure from its rank for ``year`` (None: no report)."""
    status = STATUS_BY_RANK[rank].value if rank else BoardStatus.NO_REPORT.value
    return status, end_year < year and rank != DONE_RANK


def board_summary(plan, filters: BoardFilters) -> list[tuple[int, str, bool]]:
    """``(priority_id, status, overdue)`` of every measure ``for_board(plan, filters)`` returns,
    in two queries.

    The statuses come from one grouped query of the year's ranks, and the status filter is
    applied here in Python (the same rule as the SQL of ``for_board``), so the ranks are
    aggregated once, not once per query, and a count and chart over thousands of measures
    stay fast.
    """
    from .models import Measure

    year = filters.year
    ranks = dict(year_ranks(plan, year).values_list("measure_id", "rank"))
    measures = Measure.objects.for_board(plan, replace(filters, status=""))
    rows = []
    for pk, priority_id, end_year in measures.values_list("pk", "priority_id", "end_year"):
        status, overdue = measure_status(ranks.get(pk), end_year, year)
        wanted = filters.status
        if wanted and not (wanted == status or (wanted == OVERDUE and overdue)):
            continue
        rows.append((priority_id, status, overdue))
    return rows


def bucket(status: str, overdue: bool) -> str:
    """The one bucket a measure is counted in: "overdue" wins over every status but done."""
    return OVERDUE if overdue else status


# Buckets in the order charts and status bars show them.
BUCKETS = [
    (BoardStatus.DONE.value, BoardStatus.DONE.label),
    (BoardStatus.PARTIALLY_DONE.value, BoardStatus.PARTIALLY_DONE.label),
    (BoardStatus.IN_PROGRESS.value, BoardStatus.IN_PROGRESS.label),
    (BoardStatus.NOT_STARTED.value, BoardStatus.NOT_STARTED.label),
    (OVERDUE, _("Overdue")),
    (BoardStatus.NOT_STATED.value, BoardStatus.NOT_STATED.label),
    (BoardStatus.NO_REPORT.value, BoardStatus.NO_REPORT.label),
]


def default_year(plan, published_years: list[int], today_year: int) -> int:
    """The latest year whose results are published; else the plan year nearest today."""
    if published_years:
        return max(published_years)
    return min(max(today_year, plan.start_year), plan.end_year)


@dataclass(frozen=True)
class BoardFilters:
    """The board's GET parameters, validated. Invalid values are dropped and named in ``errors``."""

    year: int
    q: str = ""
    priority: int | None = None
    agency: str = ""  # an agency slug
    status: str = ""
    role: str = ""
    page: int = 1
    errors: tuple[str, ...] = field(default=(), compare=False)
    # The plan's years with published results, for the year selector.
    published_years: tuple[int, ...] = field(default=(), compare=False)

    PARAMS = ("q", "priority", "agency", "status", "year", "role", "page")
    PAGE_SIZE = 25

    @classmethod
    def for_plan(cls, plan, params) -> BoardFilters:
        """Parse ``params`` for ``plan``, reading its published years (one query): the entry
        point for the board, the exports and the API."""
        from django.utils import timezone

        published_years = sorted(
            plan.periods.filter(is_published=True).values_list("year", flat=True)
        )
        return cls.from_params(
            params, plan, published_years=published_years, today_year=timezone.localdate().year
        )

    @classmethod
    def from_params(cls, params, plan, *, published_years: list[int], today_year: int):
        """Parse ``params`` (a QueryDict or dict) for ``plan``."""
        from .models import Assignment

        errors: list[str] = []
        values: dict = {"year": default_year(plan, published_years, today_year)}
        q = " ".join((params.get("q") or "").split())[:200]
        if q:
            values["q"] = q
        raw_year = (params.get("year") or "").strip()
        if raw_year:
            if raw_year.isdigit() and plan.start_year <= int(raw_year) <= plan.end_year:
                values["year"] = int(raw_year)
            else:
                errors.append("year")
        raw_priority = (params.get("priority") or "").strip()
        if raw_priority:
            if raw_priority.isdigit():
                values["priority"] = int(raw_priority)
            else:
                errors.append("priority")
        agency = (params.get("agency") or "").strip()
        if agency:
            if len(agency) <= 100 and all(c.isalnum() or c in "-_" for c in agency):
                values["agency"] = agency
            else:
                errors.append("agency")
        for name, allowed in (
            ("status", {value for value, _label in STATUS_FILTER_CHOICES}),
            ("role", set(Assignment.Role.values)),
        ):
            raw = (params.get(name) or "").strip()
            if raw:
                if raw in allowed:
                    values[name] = raw
                else:
                    errors.append(name)
        raw_page = (params.get("page") or "").strip()
        if raw_page:
            if raw_page.isdigit() and int(raw_page) >= 1:
                values["page"] = int(raw_page)
            else:
                errors.append("page")
        return cls(**values, errors=tuple(errors), published_years=tuple(published_years))

    def params(self, **changes) -> dict[str, str]:
        """The GET parameters of this filter state (with ``changes``), without defaults."""
        state = replace(self, **changes) if changes else self
        out = {}
        for name in self.PARAMS:
            value = getattr(state, name)
            if value in ("", None) or (name == "page" and value == 1):
                continue
            out[name] = str(value)
        return out

    def query_string(self, **changes) -> str:
        params = self.params(**changes)
        return f"?{urlencode(params)}" if params else "?"

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.priority or self.agency or self.status or self.role)
