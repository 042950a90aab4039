"""The public status board: its filters, and each measure's status for a year, in SQL.

The status rule itself (least advanced status of the year's public reports, overdue) is
``plans.status``; which reports count is ``reports.visibility``. This module turns them into
the board's queries: a fixed number whatever the plan's size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import NamedTuple
from urllib.parse import urlencode

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from nap_portal.content_language import localized, localized_text
from plans.models import (
    Assignment,
    Indicator,
    IndicatorTarget,
    Measure,
    Plan,
    SubItem,
    SubItemAssignment,
)
from plans.search import search_measures
from plans.status import (
    DONE_RANK,
    OVERDUE,
    STATUS_BY_RANK,
    STATUS_FILTER_CHOICES,
    BoardStatus,
    combined_rank,
    measure_status,
    rank_case,
    rolled_up_rank,
)

from .selectors import (
    default_year,
    disagreeing_measure_ids,
    public_indicator_values,
    public_periods,
    public_reports,
    public_sub_item_lines,
)


def published_period(year: int, plan=None):
    """The id of ``plan``'s public period of ``year``, as a subquery evaluated once.

    Filtering reports by this id, not through a join, lets PostgreSQL read them through the
    (period, state) and (measure, agency, period) indexes. ``plan=None`` correlates with the
    plan of the measure two levels out (inside ``with_status``).
    """
    plan_ref = models.OuterRef(models.OuterRef("plan_id")) if plan is None else plan
    periods = public_periods().filter(plan=plan_ref, year=year)
    return models.Subquery(periods.values("pk")[:1])


def year_ranks(plan, year: int, period=None):
    """Per measure of ``plan``: the least advanced rank among ``year``'s published reports.

    One grouped pass over the period's reports (the ``report_period_state_idx`` index);
    measures without a published report are absent. Values: ``(measure_id, rank)``.
    ``period``: the public period of the year if known (``BoardFilters.public_period``).
    """
    return period_ranks(period=published_period(year, plan) if period is None else period)


def period_ranks(**lookup):
    """``year_ranks`` for the public reports matching ``lookup`` (``period__in=[...]``)."""
    return (
        public_reports()
        .filter(**lookup)
        .order_by()
        .values("measure_id")
        .annotate(rank=models.Min(rank_case()))
    )


def rolled_up_ranks(sub_items, **lookup) -> dict[int, int]:
    """Per measure id, the roll-up of its ``sub_items`` (plans.status.rolled_up_rank), each
    ranked by the public lines matching ``lookup`` (``report__period=...``); measures
    without a roll-up are absent. One query: a correlated subquery per sub-item picks its
    least advanced line through the line's sub-item index."""
    least = (
        public_sub_item_lines()
        .filter(sub_item=models.OuterRef("pk"), **lookup)
        .annotate(rank=rank_case())
        .order_by("rank")
        .values("rank")[:1]
    )
    rows = (
        sub_items.order_by()
        .annotate(rank=models.Subquery(least, output_field=models.IntegerField()))
        .values_list("measure_id", "rank")
    )
    by_measure: dict[int, list[int | None]] = {}
    for measure_id, rank in rows:
        by_measure.setdefault(measure_id, []).append(rank)
    rolled = {}
    for measure_id, ranks in by_measure.items():
        rank = rolled_up_rank(ranks)
        if rank is not None:
            rolled[measure_id] = rank
    return rolled


def year_rolled_up_ranks(plan, year: int, period=None) -> dict[int, int]:
    """``rolled_up_ranks`` of ``plan``'s sub-items in its public period of ``year``
    (``period`` if known, as for ``year_ranks``)."""
    return rolled_up_ranks(
        SubItem.objects.filter(measure__plan=plan),
        report__period=published_period(year, plan) if period is None else period,
    )


def roll_up(measures, rolled: dict[int, int]) -> Iterator:
    """Measures annotated by ``with_status``, one by one (an export streams them), their
    ``status_rank`` combined with their sub-items' roll-up ``rolled``
    (``year_rolled_up_ranks``; plans.status)."""
    for measure in measures:
        measure.status_rank = combined_rank(measure.status_rank, rolled.get(measure.pk))
        yield measure


def with_indicator_progress(measures, plan, year: int, period=None) -> list:
    """A page of measures, each with ``indicator_progress``: its numeric indicators, each
    with the year's ``target`` and the lowest and highest value the year's public reports
    give (``low``, ``high``; None without one). One query. ``period``: the public period
    of the year if known (``BoardFilters.public_period``)."""
    measures = list(measures)
    if period is None:
        period = published_period(year, plan)
    target = IndicatorTarget.objects.filter(indicator=models.OuterRef("pk"), year=year)
    values = (
        public_indicator_values()
        .filter(indicator=models.OuterRef("pk"), report__period=period)
        .order_by()
        .values("indicator")
    )
    numeric = (
        Indicator.objects.filter(measure__in=[m.pk for m in measures] or [0])
        .filter(~Q(unit="") | Q(baseline__isnull=False))
        .annotate(
            target=models.Subquery(target.order_by().values("value")[:1]),
            low=models.Subquery(values.annotate(v=models.Min("value")).values("v")),
            high=models.Subquery(values.annotate(v=models.Max("value")).values("v")),
        )
        .order_by("measure_id", "position", "pk")
    )
    by_measure: dict[int, list] = {}
    for indicator in numeric:
        by_measure.setdefault(indicator.measure_id, []).append(indicator)
    for measure in measures:
        measure.indicator_progress = by_measure.get(measure.pk, [])
    return measures


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


def board_measures(plan: Plan, filters: BoardFilters, rolled: dict[int, int] | None = None):
    """The board's measures of ``plan`` under ``filters``.

    Ordered by number, with priority, executors and the year's status loaded: a fixed
    number of queries whatever the plan's size. Exports and the API reuse it as it is.
    ``status_rank`` is the measures' own: pass the rows through ``roll_up`` for the status
    with sub-items. ``rolled``: the year's ``year_rolled_up_ranks`` if the caller has them.
    """
    measures = with_status(Measure.objects.filter(plan=plan), filters.year)
    measures = measures.with_executors().in_order()
    # civic.disagreement: flagged on the board's card, in the same query.
    measures = measures.annotate(
        civil_society_disagrees=models.Exists(
            disagreeing_measure_ids().filter(measure_id=models.OuterRef("pk"))
        )
    )
    return _filtered(measures, plan, filters, rolled)


def _filtered(measures, plan: Plan, filters: BoardFilters, rolled: dict[int, int] | None = None):
    """``measures`` of ``plan`` narrowed by every filter of ``filters`` but the year."""
    if filters.priority:
        measures = measures.filter(priority__number=filters.priority)
    if filters.agency or filters.role:
        obliged = Assignment.objects.filter(measure=models.OuterRef("pk"))
        # A sub-item's executors report on its measure (reports.obligations).
        obliged_by_sub_item = SubItemAssignment.objects.filter(
            sub_item__measure=models.OuterRef("pk")
        )
        if filters.role:
            obliged = obliged.filter(role=filters.role)
            obliged_by_sub_item = obliged_by_sub_item.filter(role=filters.role)
        if filters.agency:
            # An agency is obliged by name or through its category (Samux on 1.9).
            by_agency = Q(agency__slug=filters.agency) | Q(
                category__agencies__slug=filters.agency, category__agencies__is_active=True
            )
            obliged = obliged.filter(by_agency)
            obliged_by_sub_item = obliged_by_sub_item.filter(by_agency)
        measures = measures.filter(models.Exists(obliged) | models.Exists(obliged_by_sub_item))
    if filters.civil_society == CIVIL_SOCIETY_DISAGREES:
        # civic.disagreement: an agency says done, an organisation says limited or less.
        measures = measures.filter(pk__in=disagreeing_measure_ids())
    if filters.status:
        if rolled is None:
            rolled = year_rolled_up_ranks(plan, filters.year, filters.public_period(plan))
        measures = measures.filter(_status_filter(plan, filters, rolled))
    return search_measures(measures, filters.q)


def _status_filter(plan: Plan, filters: BoardFilters, rolled: dict[int, int]) -> Q:
    """The board's status filter over the grouped ranks of the plan's year (one
    uncorrelated subquery), not the per-row status annotation, so PostgreSQL can hash it
    once for the whole plan."""
    ranks = year_ranks(plan, filters.year, filters.public_period(plan))
    return status_condition(filters.status, filters.year, ranks, rolled)


def status_condition(status: str, year: int, ranks, rolled: dict[int, int]) -> Q:
    """``Q`` keeping measures whose status for ``year`` is ``status`` (a board status or
    "overdue"). ``ranks``: the year's grouped own ranks (``year_ranks``/``period_ranks``);
    ``rolled``: the year's sub-item roll-ups. Measures with a roll-up (few) are judged in
    Python by their combined rank (plans.status), the others in SQL. One query."""
    own = dict(ranks.filter(measure_id__in=list(rolled) or [0]).values_list("measure_id", "rank"))
    combined = {pk: combined_rank(own.get(pk), rank) for pk, rank in rolled.items()}
    by_own = ~Q(pk__in=list(rolled))
    if status == OVERDUE:
        done = ranks.filter(rank=DONE_RANK).values("measure_id")
        done_combined = [pk for pk, rank in combined.items() if rank == DONE_RANK]
        return Q(end_year__lt=year) & ~(Q(pk__in=done) & by_own) & ~Q(pk__in=done_combined)
    if status == BoardStatus.NO_REPORT:
        return ~Q(pk__in=ranks.values("measure_id")) & by_own
    rank = next(r for r, s in STATUS_BY_RANK.items() if s == status)
    matched = [pk for pk, value in combined.items() if value == rank]
    return (Q(pk__in=ranks.filter(rank=rank).values("measure_id")) & by_own) | Q(pk__in=matched)


# The name fields of agencies and categories (nap_portal.content_language).
NAMES = ("name", "name_en", "name_ru")


class BoardRow(NamedTuple):
    """One measure of the board's filtered set, with its status for the year."""

    pk: int
    priority_id: int
    status: str
    overdue: bool
    rank: int | None  # combined with the sub-items' roll-up (plans.status)


def board_rows(plan, filters: BoardFilters, rolled: dict[int, int] | None = None) -> list[BoardRow]:
    """Every measure ``board_measures`` returns, in its order, as a ``BoardRow``: in two
    queries (one more for the sub-items' roll-up unless ``rolled`` is given).

    The statuses come from one grouped query of the year's ranks, and the status filter is
    applied here in Python (the same rule as the SQL of ``_status_filter``), so the ranks are
    aggregated once, not once per query, and a count and chart over thousands of measures
    stay fast. The board builds its page from these rows (``page_measures``).
    """
    year, period = filters.year, filters.public_period(plan)
    ranks = dict(year_ranks(plan, year, period).values_list("measure_id", "rank"))
    if rolled is None:
        rolled = year_rolled_up_ranks(plan, year, period)
    # Only three columns of the filtered set: no status subquery or executors.
    measures = _filtered(
        Measure.objects.filter(plan=plan), plan, replace(filters, status=""), rolled
    ).in_order()
    wanted = filters.status
    rows = []
    for pk, priority_id, end_year in measures.values_list("pk", "priority_id", "end_year"):
        rank = combined_rank(ranks.get(pk), rolled.get(pk))
        status, overdue = measure_status(rank, end_year, year)
        if wanted and not (wanted == status or (wanted == OVERDUE and overdue)):
            continue
        rows.append(BoardRow(pk, priority_id, status, overdue, rank))
    return rows


def board_summary(
    plan, filters: BoardFilters, rolled: dict[int, int] | None = None
) -> list[tuple[int, str, bool]]:
    """``(priority_id, status, overdue)`` of every measure ``board_measures`` returns
    (``board_rows``), for a count and a chart."""
    return [(row.priority_id, row.status, row.overdue) for row in board_rows(plan, filters, rolled)]


def page_measures(plan: Plan, rows: list[BoardRow], year: int, priorities) -> list[Measure]:
    """The measures of ``rows`` (a page of ``board_rows``), in their order, as the board
    shows them: executors loaded, ``status_rank``/``status_year`` of the rows (read through
    ``Measure.board_status``), ``civil_society_disagrees``. Two queries (none for no rows):
    the plan and the ``priorities`` (the plan's) are set, not joined again, and the status
    is not computed a second time."""
    if not rows:
        return []
    by_priority = {priority.pk: priority for priority in priorities}
    measures = {
        measure.pk: measure
        for measure in Measure.objects.filter(pk__in=[row.pk for row in rows])
        .defer("search_text")  # the folded words of search, never shown
        .order_by()  # the rows' order: not Measure's, which joins the plan
        .prefetch_related(
            models.Prefetch(
                "assignments",
                # What an executor's link shows: names and the agency's slug.
                queryset=Assignment.objects.select_related("agency", "category")
                .only(
                    *("measure", "role", "position", "agency", "category", "agency__slug"),
                    *(f"{to}__{name}" for to in ("agency", "category") for name in NAMES),
                )
                # Each measure's in position order, without Assignment's default order (by
                # measure: a join of the measures and their plan).
                .order_by("measure_id", "position"),
            )
        )
        # civic.disagreement: flagged on the board's card, in the same query.
        .annotate(
            civil_society_disagrees=models.Exists(
                disagreeing_measure_ids().filter(measure_id=models.OuterRef("pk"))
            )
        )
    }
    page = []
    for row in rows:
        measure = measures[row.pk]
        measure.plan = plan
        measure.priority = by_priority[row.priority_id]
        measure.status_rank = row.rank
        measure.status_year = year
        page.append(measure)
    return page


CIVIL_SOCIETY_DISAGREES = "disagrees"


@dataclass(frozen=True)
class BoardFilters:
    """The board's GET parameters, validated. Invalid values are dropped and named in ``errors``."""

    year: int
    q: str = ""
    priority: int | None = None
    agency: str = ""  # an agency slug
    status: str = ""
    role: str = ""
    civil_society: str = ""  # "disagrees": measures civil society disagrees on
    page: int = 1
    errors: tuple[str, ...] = field(default=(), compare=False)
    # The plan's years with public results, for the year selector, and those of them whose
    # results are final (reports.visibility): any other public year is provisional.
    published_years: tuple[int, ...] = field(default=(), compare=False)
    final_years: tuple[int, ...] = field(default=(), compare=False)
    # The plan's public periods (``for_plan`` reads them): the board's coverage reads the
    # year's without another query.
    periods: tuple | None = field(default=None, compare=False, repr=False)

    PARAMS = ("q", "priority", "agency", "status", "year", "role", "civil_society", "page")
    PAGE_SIZE = 25

    @classmethod
    def for_plan(cls, plan, params) -> BoardFilters:
        """Parse ``params`` for ``plan``, reading its public years (one query): the entry
        point for the board, the exports and the API."""
        periods = list(public_periods().filter(plan=plan).order_by("year"))
        filters = cls.from_params(
            params,
            plan,
            published_years=[period.year for period in periods],
            final_years=[period.year for period in periods if period.is_final],
            today_year=timezone.localdate().year,
        )
        return replace(filters, periods=tuple(periods))

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
            ("civil_society", {CIVIL_SOCIETY_DISAGREES}),
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
    def period(self):
        """The public period of the year shown (None without one), if ``for_plan`` read them."""
        return next((period for period in self.periods or () if period.year == self.year), None)

    def public_period(self, plan):
        """The public period of the year shown, for a ``period=`` lookup: the id of the one
        ``for_plan`` read (0, matching nothing, when the year has none), else the subquery
        ``published_period``, so the queries need not look the period up again."""
        if self.periods is None:
            return published_period(self.year, plan)
        return self.period.pk if self.period else 0

    @property
    def provisional(self) -> bool:
        """The year shown has public results that are not final yet."""
        return self.year in self.published_years and self.year not in self.final_years

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.q or self.priority or self.agency or self.status or self.role or self.civil_society
        )


def describe_filters(
    filters: BoardFilters, priorities, agency, *, markup: bool = True
) -> list[tuple[dict, str]]:
    """Each active filter as ``(the change that removes it, a human-readable label)``: the
    board's chips and the downloads' "Filters: …" line say the same. ``priorities`` are the
    plan's (for the priority's title), ``agency`` the chosen one if it exists.

    ``markup``: labels for a page, every value escaped and a name in another language than the
    page's inside its ``<span lang>``; else plain text (downloads)."""

    def label(text: str, **values) -> str:
        if not markup:
            return text % {key: str(value) for key, value in values.items()}
        escaped = {key: conditional_escape(value) for key, value in values.items()}
        return mark_safe(conditional_escape(text) % escaped)  # every part escaped above

    def name(obj, field: str):
        return localized(obj, field) if markup else localized_text(obj, field)

    described = []
    if filters.q:
        described.append(({"q": ""}, label(_("Text: “%(q)s”"), q=filters.q)))
    if filters.priority:
        title = next(
            (
                format_html("{}. {}", p.number, name(p, "title"))
                if markup
                else f"{p.number}. {name(p, 'title')}"
                for p in priorities
                if p.number == filters.priority
            ),
            str(filters.priority),
        )
        described.append(({"priority": None}, label(_("Priority: %(p)s"), p=title)))
    if filters.agency:
        chosen = name(agency, "name") if agency else filters.agency
        described.append(({"agency": ""}, label(_("Agency: %(a)s"), a=chosen)))
    if filters.role:
        role = Assignment.Role(filters.role).label
        described.append(({"role": ""}, label(_("Role: %(r)s"), r=role)))
    if filters.civil_society:
        described.append(({"civil_society": ""}, label(_("Civil society disagrees"))))
    if filters.status:
        status = dict(STATUS_FILTER_CHOICES)[filters.status]
        described.append(({"status": ""}, label(_("Status: %(s)s"), s=status)))
    return described


def filters_line(filters: BoardFilters, priorities, agency) -> str:
    """ "Filters: Agency: …; Status: …" for the first page of a download, or the statement that
    the file holds every measure of the plan."""
    labels = [
        label for _change, label in describe_filters(filters, priorities, agency, markup=False)
    ]
    if not labels:
        return _("Filters: none (every measure of the plan)")
    return _("Filters: %(filters)s") % {"filters": "; ".join(labels)}
