"""The public status board: its filters, and each measure's status for a year, in SQL.

The status rule itself (least advanced status of the year's public reports, overdue) is
``plans.status``; which reports count is ``reports.visibility``. This module turns them into
the board's queries: a fixed number whatever the plan's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.db import models
from django.db.models import Q
from django.utils import timezone

from plans.models import Assignment, Measure, Plan
from plans.search import search_measures
from plans.status import (
    DONE_RANK,
    OVERDUE,
    STATUS_BY_RANK,
    STATUS_FILTER_CHOICES,
    BoardStatus,
    measure_status,
    rank_case,
)

from .selectors import default_year, public_periods, public_reports


def published_period(year: int, plan=None):
    """The id of ``plan``'s public period of ``year``, as a subquery evaluated once.

    Filtering reports by this id, not through a join, lets PostgreSQL read them through the
    (period, state) and (measure, agency, period) indexes. ``plan=None`` correlates with the
    plan of the measure two levels out (inside ``with_status``).
    """
    plan_ref = models.OuterRef(models.OuterRef("plan_id")) if plan is None else plan
    periods = public_periods().filter(plan=plan_ref, year=year)
    return models.Subquery(periods.values("pk")[:1])


def year_ranks(plan, year: int):
    """Per measure of ``plan``: the least advanced rank among ``year``'s published reports.

    One grouped pass over the period's reports (the ``report_period_state_idx`` index);
    measures without a published report are absent. Values: ``(measure_id, rank)``.
    """
    return period_ranks(period=published_period(year, plan=plan))


def period_ranks(**lookup):
    """``year_ranks`` for the public reports matching ``lookup`` (``period__in=[...]``)."""
    return (
        public_reports()
        .filter(**lookup)
        .order_by()
        .values("measure_id")
        .annotate(rank=models.Min(rank_case()))
    )


def with_status(measures, year: int):
    """``measures`` annotated with ``status_rank`` for ``year``, read through
    ``Measure.board_status`` and ``Measure.overdue`` (the rule of plans.status).

    One correlated subquery per *returned* row picks the least advanced rank among the
    year's public reports through the (measure, agency, period) unique index; with a
    LIMIT, PostgreSQL evaluates it for the page's rows only.
    """
    least = (
        public_reports()
        .filter(measure=models.OuterRef("pk"), period=published_period(year, plan=None))
        .annotate(rank=rank_case())
        .order_by("rank")
        .values("rank")[:1]
    )
    return measures.annotate(
        status_rank=models.Subquery(least, output_field=models.IntegerField()),
        status_year=models.Value(year, output_field=models.IntegerField()),
    )


def board_measures(plan: Plan, filters: BoardFilters):
    """The board's measures of ``plan`` under ``filters``.

    Ordered by number, with priority, executors and the year's status loaded: a fixed
    number of queries whatever the plan's size. Exports and the API reuse it as it is.
    """
    measures = with_status(Measure.objects.filter(plan=plan), filters.year)
    return _filtered(measures.with_executors().in_order(), plan, filters)


def _filtered(measures, plan: Plan, filters: BoardFilters):
    """``measures`` of ``plan`` narrowed by every filter of ``filters`` but the year."""
    if filters.priority:
        measures = measures.filter(priority__number=filters.priority)
    if filters.agency or filters.role:
        obliged = Assignment.objects.filter(measure=models.OuterRef("pk"))
        if filters.role:
            obliged = obliged.filter(role=filters.role)
        if filters.agency:
            # An agency is obliged by name or through its category (Samux on 1.9).
            obliged = obliged.filter(
                Q(agency__slug=filters.agency)
                | Q(category__agencies__slug=filters.agency, category__agencies__is_active=True)
            )
        measures = measures.filter(models.Exists(obliged))
    if filters.status:
        # Filter through the grouped ranks of the year (one uncorrelated subquery), not the
        # per-row status annotation, so PostgreSQL can hash it once for the whole plan.
        ranks = year_ranks(plan, filters.year)
        if filters.status == OVERDUE:
            done = ranks.filter(rank=DONE_RANK).values("measure_id")
            measures = measures.filter(end_year__lt=filters.year).exclude(pk__in=done)
        elif filters.status == BoardStatus.NO_REPORT:
            measures = measures.exclude(pk__in=ranks.values("measure_id"))
        else:
            rank = next(r for r, s in STATUS_BY_RANK.items() if s == filters.status)
            measures = measures.filter(pk__in=ranks.filter(rank=rank).values("measure_id"))
    return search_measures(measures, filters.q)


def board_summary(plan, filters: BoardFilters) -> list[tuple[int, str, bool]]:
    """``(priority_id, status, overdue)`` of every measure ``board_measures`` returns,
    in two queries.

    The statuses come from one grouped query of the year's ranks, and the status filter is
    applied here in Python (the same rule as the SQL of ``for_board``), so the ranks are
    aggregated once, not once per query, and a count and chart over thousands of measures
    stay fast.
    """
    year = filters.year
    ranks = dict(year_ranks(plan, year).values_list("measure_id", "rank"))
    # Only three columns of the filtered set: no status subquery, executors or order.
    measures = _filtered(Measure.objects.filter(plan=plan), plan, replace(filters, status=""))
    rows = []
    for pk, priority_id, end_year in measures.values_list("pk", "priority_id", "end_year"):
        status, overdue = measure_status(ranks.get(pk), end_year, year)
        wanted = filters.status
        if wanted and not (wanted == status or (wanted == OVERDUE and overdue)):
            continue
        rows.append((priority_id, status, overdue))
    return rows


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
    # The plan's years with public results, for the year selector, and those of them whose
    # results are final (reports.visibility): any other public year is provisional.
    published_years: tuple[int, ...] = field(default=(), compare=False)
    final_years: tuple[int, ...] = field(default=(), compare=False)

    PARAMS = ("q", "priority", "agency", "status", "year", "role", "page")
    PAGE_SIZE = 25

    @classmethod
    def for_plan(cls, plan, params) -> BoardFilters:
        """Parse ``params`` for ``plan``, reading its public years (one query): the entry
        point for the board, the exports and the API."""
        years = sorted(public_periods().filter(plan=plan).values_list("year", "is_final"))
        return cls.from_params(
            params,
            plan,
            published_years=[year for year, _final in years],
            final_years=[year for year, final in years if final],
            today_year=timezone.localdate().year,
        )

    @classmethod
    def from_params(
        cls,
        params,
        plan,
        *,
        published_years: list[int],
        today_year: int,
        final_years: list[int] | None = None,
    ):
        """Parse ``params`` (a QueryDict or dict) for ``plan``."""
        final_years = published_years if final_years is None else final_years
        errors: list[str] = []
        values: dict = {"year": default_year(plan, final_years, today_year)}
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
        return cls(
            **values,
            errors=tuple(errors),
            published_years=tuple(published_years),
            final_years=tuple(final_years),
        )

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
    def provisional(self) -> bool:
        """The year shown has public results that are not final yet."""
        return self.year in self.published_years and self.year not in self.final_years

    @property
    def is_filtered(self) -> bool:
        return bool(self.q or self.priority or self.agency or self.status or self.role)
