"""Public pages: the plans, a plan's status board, one measure, and search across plans.

Every page reads through ``public.selectors`` (public text only), and runs a fixed number of
queries whatever the plan's size (tests/plans/test_query_counts.py).
"""

from collections import Counter, defaultdict
from typing import NamedTuple

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from nap_portal.text import az_sort_key, az_sorted
from plans.models import Assignment
from plans.search import did_you_mean, has_match, query_words, search_measures, snippet
from plans.status import (
    BUCKETS,
    STATUS_FILTER_CHOICES,
    BoardStatus,
    bucket,
    measure_status,
    status_from_reports,
)

from . import charts
from .board import BoardFilters, board_measures, board_summary, period_ranks
from .selectors import (
    latest_final_periods,
    measure_of,
    measure_side_by_side,
    named_agencies,
    periods_records,
    public_agencies,
    public_evidence,
    public_measures,
    public_periods,
    public_plans,
    public_reports,
    search_vocabulary,
)

SEARCH_PAGE_SIZE = 20


class Hit(NamedTuple):
    """A published statement that matches a search."""

    pk: int
    agency: str
    year: int
    text: str


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
        counts = defaultdict(Counter)
        measures = (
            public_measures()
            .filter(plan__in=latest.keys())
            .values_list("pk", "plan_id", "start_year", "end_year")
        )
        for pk, plan_id, start_year, end_year in measures:
            year = latest[plan_id].year
            if start_year <= year:
                counts[plan_id][bucket(*measure_status(ranks.get(pk), end_year, year))] += 1
        records = periods_records(latest.values())
        for plan in context["plans"]:
            period = latest.get(plan.pk)
            plan.latest_year = period.year if period else None
            plan.status_bar = charts.status_bar(counts[plan.pk]) if period else None
            plan.record = records[period.pk] if period else None
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
        measures = board_measures(plan, filters)
        # One pass over the filtered set gives the chart and the result count.
        summary = board_summary(plan, filters)
        paginator = Paginator(measures, BoardFilters.PAGE_SIZE)
        paginator.__dict__["count"] = len(summary)  # known already: spare a COUNT(*)
        page = paginator.get_page(filters.page)
        priorities = list(plan.priorities.all())
        agency = public_agencies().filter(slug=filters.agency).first() if filters.agency else None
        words = query_words(filters.q)
        labels = dict(STATUS_FILTER_CHOICES)
        for priority in priorities:
            priority.short_title = Truncator(priority.title).chars(60)
        short_titles = {p.pk: p.short_title for p in priorities}
        for measure in page.object_list:
            measure.status_label = labels[measure.board_status]
            measure.priority_title = short_titles.get(measure.priority_id, "")
        return super().get_context_data(
            filters=filters,
            page_obj=page,
            measures=page.object_list,
            result_count=len(summary),
            words=words,
            priorities=priorities,
            agency_options=format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (a.slug, mark_safe(" selected") if a.slug == filters.agency else "", a.name)
                    for a in named_agencies(plan)
                ),
            ),
            selected_agency=agency,
            chips=self.chips(filters, priorities, agency),
            published_years=filters.published_years,
            final_years=filters.final_years,
            status_choices=STATUS_FILTER_CHOICES,
            role_choices=Assignment.Role.choices,
            chart=charts.priority_chart(priorities, summary),
            buckets=BUCKETS,
            **kwargs,
        )

    @staticmethod
    def chips(filters, priorities, agency):
        """Each active filter as (label, link that removes it)."""
        chips = []
        if filters.q:
            chips.append((_("Text: “%(q)s”") % {"q": filters.q}, {"q": ""}))
        if filters.priority:
            title = next(
                (f"{p.number}. {p.title}" for p in priorities if p.number == filters.priority),
                str(filters.priority),
            )
            chips.append((_("Priority: %(p)s") % {"p": title}, {"priority": None}))
        if filters.agency:
            name = agency.name if agency else filters.agency
            chips.append((_("Agency: %(a)s") % {"a": name}, {"agency": ""}))
        if filters.role:
            label = Assignment.Role(filters.role).label
            chips.append((_("Role: %(r)s") % {"r": label}, {"role": ""}))
        if filters.civil_society:
            chips.append((_("Civil society disagrees"), {"civil_society": ""}))
        if filters.status:
            label = dict(STATUS_FILTER_CHOICES)[filters.status]
            chips.append((_("Status: %(s)s") % {"s": label}, {"status": ""}))
        return [(label, filters.query_string(page=1, **change)) for label, change in chips]


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
            .prefetch_related(Prefetch("evidence", queryset=public_evidence()))
        )
        reports.sort(key=lambda r: (-r.period.year, az_sort_key(r.agency.name), r.position))
        by_year = defaultdict(list)
        for report in reports:
            by_year[report.period.year].append(report)
        history = []
        for period in public_periods().filter(plan=measure.plan_id).order_by("year"):
            if period.year < measure.start_year:
                continue
            status = status_from_reports([r.status for r in by_year.get(period.year, [])])
            history.append(
                {
                    "year": period.year,
                    "status": status,
                    "overdue": measure.is_overdue(period.year, status),
                    "count": len(by_year.get(period.year, [])),
                    "provisional": not period.is_final,
                }
            )
        category_ids = [a.category_id for a in measure.assignments.all() if a.category_id]
        members = defaultdict(list)
        for agency in az_sorted(public_agencies().filter(category__in=category_ids)):
            members[agency.category_id].append(agency)
        for assignment in measure.assignments.all():
            assignment.members = members.get(assignment.category_id, [])
        provisional_years = {h["year"] for h in history if h["provisional"]}
        return super().get_context_data(
            side=measure_side_by_side(measure, reports),
            years=sorted(by_year.items(), reverse=True),
            provisional_years=provisional_years,
            history=history,
            roles=Assignment.Role,
            board_statuses=BoardStatus,
            **kwargs,
        )


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
            .values_list("measure_id", "pk", "works_done", "agency__name", "period__year")
        )
        rows = sorted(rows, key=lambda row: (-row[4], az_sort_key(row[3])))
        for measure_id, pk, text, agency, year in rows:
            if has_match(text, words):
                statements[measure_id].append(Hit(pk, agency, year, text))
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
