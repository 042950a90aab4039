"""Public pages: the plans, a plan's status board, one measure, and search across plans.

Every page reads through ``public.selectors`` (public text only), and runs a fixed number of
queries whatever the plan's size (tests/plans/test_query_counts.py).
"""

from collections import Counter, defaultdict
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.views.generic import DetailView, ListView, TemplateView

from nap_portal.content_language import (
    Localized,
    lang_attribute,
    localized,
    localized_sorted,
    sort_key,
)
from plans.models import Assignment, Indicator, IndicatorTarget, SubItem, SubItemAssignment
from plans.search import did_you_mean, has_match, query_words, search_measures, snippet
from plans.status import (
    BUCKETS,
    STATUS_FILTER_CHOICES,
    BoardStatus,
    bucket,
    combined_rank,
    measure_status,
    rank_of,
    status_of_rank,
    status_with_sub_items,
    sub_item_rank,
)
from plans.sub_items import in_tree_order

from . import charts
from .board import (
    BoardFilters,
    board_rows,
    describe_filters,
    page_measures,
    period_ranks,
    rolled_up_ranks,
    with_indicator_progress,
    year_rolled_up_ranks,
)
from .selectors import (
    latest_final_periods,
    measure_amendments,
    measure_of,
    measure_side_by_side,
    named_agencies,
    period_record,
    periods_records,
    plan_amendments,
    public_agencies,
    public_evidence,
    public_indicator_values,
    public_measures,
    public_periods,
    public_plans,
    public_reports,
    public_sub_item_lines,
    search_vocabulary,
)

SEARCH_PAGE_SIZE = 20


class Hit(NamedTuple):
    """A published statement that matches a search."""

    pk: int
    agency: Localized
    year: int
    text: str


class Names(NamedTuple):
    """An agency's names as fetched with ``values_list`` (for ``localized``)."""

    name: str
    name_en: str
    name_ru: str


def _label(text: str, **values) -> SafeString:
    """A translated label with ``values`` put in, each escaped (a name in another language
    than the page's keeps its ``<span lang>``)."""
    escaped = {key: conditional_escape(value) for key, value in values.items()}
    return mark_safe(conditional_escape(text) % escaped)  # every part escaped above


class HomeView(ListView):
    """The plans, each with its status bar for the latest published year and reporting rate."""

    template_name = "plans/home.html"
    context_object_name = "plans"

    def get_queryset(self):
        return public_plans().annotate(measure_count=Count("measures"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The latest *final* year of each plan: a year still being filed is never the default.
        latest = latest_final_periods(context["plans"])
        # Two queries for every plan's status bar: the measures and the latest year's ranks.
        ranks = dict(
            period_ranks(period__in=[p.pk for p in latest.values()]).values_list(
                "measure_id", "rank"
            )
        )
        rolled = rolled_up_ranks(
            SubItem.objects.filter(measure__plan__in=latest.keys()),
            report__period__in=[p.pk for p in latest.values()],
        )
        counts = defaultdict(Counter)
        measures = (
            public_measures()
            .filter(plan__in=latest.keys())
            .values_list("pk", "plan_id", "start_year", "end_year")
        )
        for pk, plan_id, start_year, end_year in measures:
            year = latest[plan_id].year
            if start_year <= year:
                rank = combined_rank(ranks.get(pk), rolled.get(pk))
                counts[plan_id][bucket(*measure_status(rank, end_year, year))] += 1
        records = periods_records(latest.values())
        for plan in context["plans"]:
            period = latest.get(plan.pk)
            plan.latest_year = period.year if period else None
            plan.status_bar = charts.status_bar(counts[plan.pk]) if period else None
            plan.record = records[period.pk] if period else None
            # No stated status at all: the reporting coverage instead of one grey bar.
            plan.says_something = charts.says_something(counts[plan.pk])
            plan.coverage = charts.coverage_bar(plan.record)
        return context


class BoardView(DetailView):
    """A plan's measures under the board's filters, with a status summary per priority."""

    template_name = "plans/board.html"
    context_object_name = "plan"
    slug_url_kwarg = "slug"

    def get_queryset(self):
        return public_plans()

    def get_context_data(self, **kwargs):
        plan = self.object
        filters = BoardFilters.for_plan(plan, self.request.GET)
        # The sub-items' roll-up of the year (plans.status), once for the rows and the page.
        period = filters.public_period(plan)
        rolled = year_rolled_up_ranks(plan, filters.year, period)
        # One pass over the filtered set gives the chart, the result count and the page's
        # measures with their statuses.
        rows = board_rows(plan, filters, rolled)
        summary = [(row.priority_id, row.status, row.overdue) for row in rows]
        page = Paginator(rows, BoardFilters.PAGE_SIZE).get_page(filters.page)
        # In number order (Priority's default order joins the plan again).
        priorities = list(plan.priorities.order_by("number"))
        page.object_list = with_indicator_progress(
            page_measures(plan, page.object_list, filters.year, priorities),
            plan,
            filters.year,
            period,
        )
        agency = public_agencies().filter(slug=filters.agency).first() if filters.agency else None
        words = query_words(filters.q)
        labels = dict(STATUS_FILTER_CHOICES)
        for priority in priorities:
            # Whole words only: a priority name cut mid-word reads as another word.
            priority.short_title = localized(priority, "title").truncated_chars(60)
        for measure in page.object_list:
            measure.status_label = labels[measure.board_status]
            measure.priority_title = measure.priority.short_title
        return super().get_context_data(
            filters=filters,
            page_obj=page,
            measures=page.object_list,
            result_count=len(rows),
            words=words,
            priorities=priorities,
            agency_options=format_html_join(
                "",
                '<option value="{}"{}{}>{}</option>',
                (
                    (
                        a.slug,
                        mark_safe(" selected") if a.slug == filters.agency else "",
                        lang_attribute(name.lang),
                        name.text,
                    )
                    for a in named_agencies(plan)
                    for name in [localized(a, "name")]
                ),
            ),
            selected_agency=agency,
            chips=self.chips(filters, priorities, agency),
            published_years=filters.published_years,
            final_years=filters.final_years,
            status_choices=STATUS_FILTER_CHOICES,
            role_choices=Assignment.Role.choices,
            chart=charts.priority_chart(priorities, summary),
            coverage=charts.coverage_bar(period_record(filters.period, agency)),
            active_filter_count=len(filters.params(year=None, page=1)),
            buckets=BUCKETS,
            **kwargs,
        )

    @staticmethod
    def chips(filters, priorities, agency):
        """Each active filter as (label, link that removes it)."""
        return [
            (label, filters.query_string(page=1, **change))
            for change, label in describe_filters(filters, priorities, agency)
        ]


class MeasureView(DetailView):
    """One measure: executors, every published report by year and agency, status history."""

    template_name = "plans/measure.html"
    context_object_name = "measure"

    def get_object(self, queryset=None):
        return measure_of(self.kwargs["slug"], self.kwargs["number"])

    def get_context_data(self, **kwargs):
        measure = self.object
        reports = list(
            public_reports()
            .filter(measure=measure)
            .select_related("agency", "period")
            .prefetch_related(
                Prefetch("evidence", queryset=public_evidence()),
                Prefetch(
                    "sub_item_lines",
                    public_sub_item_lines()
                    .select_related("sub_item")
                    .order_by("sub_item__sort_key"),
                ),
                Prefetch(
                    "indicator_values",
                    public_indicator_values().order_by("indicator__position", "indicator_id"),
                ),
            )
        )
        reports.sort(key=lambda r: (-r.period.year, sort_key(r.agency), r.position))
        by_year = defaultdict(list)
        for report in reports:
            by_year[report.period.year].append(report)
        sub_items = in_tree_order(
            SubItem.objects.filter(measure=measure).prefetch_related(
                Prefetch(
                    "assignments",
                    SubItemAssignment.objects.select_related("agency", "category").order_by(
                        "position"
                    ),
                )
            )
        )
        sub_item_ids = [item.pk for item in sub_items]
        history = []
        for period in public_periods().filter(plan=measure.plan_id).order_by("year"):
            if period.year < measure.start_year:
                continue
            year_reports = by_year.get(period.year, [])
            lines = [
                (ln.sub_item_id, ln.status) for r in year_reports for ln in r.sub_item_lines.all()
            ]
            status = status_with_sub_items([r.status for r in year_reports], sub_item_ids, lines)
            history.append(
                {
                    "year": period.year,
                    "status": status,
                    "overdue": measure.is_overdue(period.year, status),
                    "count": len(year_reports),
                    "provisional": not period.is_final,
                }
            )
        category_ids = [a.category_id for a in measure.assignments.all() if a.category_id]
        members = defaultdict(list)
        for agency in localized_sorted(public_agencies().filter(category__in=category_ids)):
            members[agency.category_id].append(agency)
        for assignment in measure.assignments.all():
            assignment.members = members.get(assignment.category_id, [])
        provisional_years = {h["year"] for h in history if h["provisional"]}
        status_year = history[-1]["year"] if history else None
        self.sub_item_statuses(sub_items, by_year.get(status_year, []))
        return super().get_context_data(
            side=measure_side_by_side(measure, reports),
            years=sorted(by_year.items(), reverse=True),
            provisional_years=provisional_years,
            history=history,
            roles=Assignment.Role,
            board_statuses=BoardStatus,
            amendments=measure_amendments(measure),
            sub_items=sub_items,
            status_year=status_year,
            indicators=self.indicators(measure, reports, [h["year"] for h in history]),
            **kwargs,
        )

    @staticmethod
    def sub_item_statuses(sub_items, reports) -> None:
        """Set each sub-item's ``status`` (a BoardStatus, or None: not reported) from the
        lines of ``reports`` (one year's public reports), by the rule of plans.status."""
        ranks = defaultdict(list)
        for report in reports:
            for line in report.sub_item_lines.all():
                ranks[line.sub_item_id].append(rank_of(line.status))
        for item in sub_items:
            rank = sub_item_rank(ranks.get(item.pk, []))
            item.status = status_of_rank(rank) if rank else None

    @staticmethod
    def indicators(measure, reports, years) -> list:
        """The measure's indicators; a numeric one with ``rows``: per public year, its target
        and the values the published reports give (agency, value)."""
        indicators = list(
            Indicator.objects.filter(measure=measure)
            .order_by("position", "pk")
            .prefetch_related(Prefetch("targets", IndicatorTarget.objects.order_by("year")))
        )
        values = defaultdict(list)
        for report in sorted(reports, key=lambda r: sort_key(r.agency)):
            for value in report.indicator_values.all():
                values[(value.indicator_id, report.period.year)].append((report.agency, value))
        for indicator in indicators:
            targets = {target.year: target.value for target in indicator.targets.all()}
            indicator.rows = [
                {
                    "year": year,
                    "target": targets.get(year),
                    "values": values.get((indicator.pk, year), []),
                }
                for year in years
            ]
        return indicators


class AmendmentRegisterView(DetailView):
    """A plan's public amendment register: every change since adoption, newest first."""

    template_name = "plans/amendments.html"
    context_object_name = "plan"
    PAGE_SIZE = 50

    def get_queryset(self):
        return public_plans()

    def get_context_data(self, **kwargs):
        paginator = Paginator(plan_amendments(self.object), self.PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, amendments=page.object_list, **kwargs)


class SearchView(TemplateView):
    """``/search/?q=``: measures of every public plan, with where each word was found."""

    template_name = "plans/search.html"

    def get_context_data(self, **kwargs):
        q = " ".join((self.request.GET.get("q") or "").split())[:200]
        words = query_words(q)
        context = super().get_context_data(q=q, words=words, **kwargs)
        if not words:
            return context
        measures = (
            search_measures(public_measures(), q)
            .with_executors()
            .order_by("plan__start_year", "plan_id", "sort_key")
        )
        page = Paginator(measures, SEARCH_PAGE_SIZE).get_page(self.request.GET.get("page"))
        # The page's published statements as plain rows: only their text is searched here.
        statements = defaultdict(list)
        rows = (
            public_reports()
            .filter(measure__in=[m.pk for m in page.object_list])
            .values_list(
                "measure_id",
                "pk",
                "works_done",
                "period__year",
                "agency__name",
                "agency__name_en",
                "agency__name_ru",
            )
        )
        rows = [(*row[:4], Names(*row[4:])) for row in rows]
        rows.sort(key=lambda row: (-row[3], sort_key(row[4])))
        for measure_id, pk, text, year, names in rows:
            if has_match(text, words):
                statements[measure_id].append(Hit(pk, localized(names, "name"), year, text))
        for measure in page.object_list:
            # Snippets for the first three matching statements; the others are only counted.
            matching = statements[measure.pk]
            measure.hits = [(hit, snippet(hit.text, words)) for hit in matching[:3]]
            measure.more_hits = len(matching) - len(measure.hits)
        context.update(page_obj=page, results=page.object_list, result_count=page.paginator.count)
        if not page.paginator.count:
            suggestion = did_you_mean(q, search_vocabulary())
            if suggestion and search_measures(public_measures(), suggestion).exists():
                context["suggestion"] = suggestion
        return context
