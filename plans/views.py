"""Public pages: the plans, a plan's status board, one measure, and search across plans.

Every page reads published text only, and runs a fixed number of queries whatever the plan's
size (tests/plans/test_query_counts.py).
"""

from collections import Counter, defaultdict
from typing import NamedTuple

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from agencies.models import Agency
from reports.models import ProgressReport, ReportingPeriod

from . import charts
from .board import (
    BUCKETS,
    STATUS_FILTER_CHOICES,
    BoardFilters,
    BoardStatus,
    board_summary,
    bucket,
    measure_status,
    period_ranks,
    status_from_reports,
)
from .models import Assignment, Measure, Plan
from .reporting import period_record
from .search import has_match, query_words, search_measures, snippet

SEARCH_PAGE_SIZE = 20


class Hit(NamedTuple):
    """A published statement that matches a search."""

    pk: int
    agency: str
    year: int
    text: str


def published_reports():
    """Reports the public may read: published, in a period whose results are published."""
    return ProgressReport.objects.published().filter(period__is_published=True)


def public_plans():
    return Plan.objects.exclude(status=Plan.Status.DRAFT)


def named_agencies(plan):
    """Active agencies a plan obliges or recommends, by name or through their category."""
    named = Assignment.objects.filter(measure__plan=plan)
    return (
        Agency.objects.active()
        .filter(
            Q(pk__in=named.filter(agency__isnull=False).values("agency_id"))
            | Q(category__in=named.filter(category__isnull=False).values("category_id"))
        )
        .only("name", "slug")
        .order_by("name")
    )


class HomeView(ListView):
    """The plans, each with its status bar for the latest published year and reporting rate."""

    template_name = "plans/home.html"
    context_object_name = "plans"

    def get_queryset(self):
        return public_plans().annotate(measure_count=Count("measures"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        periods = defaultdict(list)
        for period in ReportingPeriod.objects.filter(plan__in=context["plans"]).order_by("year"):
            periods[period.plan_id].append(period)
        latest = {}
        for plan in context["plans"]:
            published = [p for p in periods[plan.pk] if p.is_published]
            if published:
                latest[plan.pk] = published[-1]
        # Two queries for every plan's status bar: the measures and the latest year's ranks.
        ranks = dict(
            period_ranks(period__in=[p.pk for p in latest.values()]).values_list(
                "measure_id", "rank"
            )
        )
        counts = defaultdict(Counter)
        measures = Measure.objects.filter(plan__in=latest.keys()).values_list(
            "pk", "plan_id", "start_year", "end_year"
        )
        for pk, plan_id, start_year, end_year in measures:
            year = latest[plan_id].year
            if start_year <= year:
                counts[plan_id][bucket(*measure_status(ranks.get(pk), end_year, year))] += 1
        for plan in context["plans"]:
            period = latest.get(plan.pk)
            plan.latest_year = period.year if period else None
            plan.status_bar = charts.status_bar(counts[plan.pk]) if period else None
            plan.record = period_record(period) if period else None
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
        measures = Measure.objects.for_board(plan, filters)
        # One pass over the filtered set gives the chart and the result count.
        summary = board_summary(plan, filters)
        paginator = Paginator(measures, BoardFilters.PAGE_SIZE)
        paginator.__dict__["count"] = len(summary)  # known already: spare a COUNT(*)
        page = paginator.get_page(filters.page)
        priorities = list(plan.priorities.all())
        agency = Agency.objects.filter(slug=filters.agency).first() if filters.agency else None
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
        if filters.status:
            label = dict(STATUS_FILTER_CHOICES)[filters.status]
            chips.append((_("Status: %(s)s") % {"s": label}, {"status": ""}))
        return [(label, filters.query_string(page=1, **change)) for label, change in chips]


class MeasureView(DetailView):
    """One measure: executors, every published report by year and agency, status history."""

    template_name = "plans/measure.html"
    context_object_name = "measure"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Measure.objects.with_executors().public(),
            plan__slug=self.kwargs["slug"],
            number=self.kwargs["number"],
        )

    def get_context_data(self, **kwargs):
        measure = self.object
        reports = list(
            published_reports()
            .filter(measure=measure)
            .select_related("agency", "period")
            .prefetch_related("evidence")
            .order_by("-period__year", "agency__name", "position")
        )
        by_year = defaultdict(list)
        for report in reports:
            by_year[report.period.year].append(report)
        history = []
        for period in measure.plan.periods.filter(is_published=True).order_by("year"):
            if period.year < measure.start_year:
                continue
            status = status_from_reports([r.status for r in by_year.get(period.year, [])])
            history.append(
                {
                    "year": period.year,
                    "status": status,
                    "overdue": measure.is_overdue(period.year, status),
                    "count": len(by_year.get(period.year, [])),
                }
            )
        category_ids = [a.category_id for a in measure.assignments.all() if a.category_id]
        members = defaultdict(list)
        for agency in Agency.objects.active().filter(category__in=category_ids).order_by("name"):
            members[agency.category_id].append(agency)
        for assignment in measure.assignments.all():
            assignment.members = members.get(assignment.category_id, [])
        return super().get_context_data(
            years=sorted(by_year.items(), reverse=True),
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
            search_measures(Measure.objects.public(), q)
            .with_executors()
            .order_by("plan__start_year", "plan_id", "sort_key")
        )
        page = Paginator(measures, SEARCH_PAGE_SIZE).get_page(self.request.GET.get("page"))
        # The page's published statements as plain rows: only their text is searched here.
        statements = defaultdict(list)
        rows = (
            published_reports()
            .filter(measure__in=[m.pk for m in page.object_list])
            .order_by("-period__year", "agency__name")
            .values_list("measure_id", "pk", "works_done", "agency__name", "period__year")
        )
        for measure_id, pk, text, agency, year in rows:
            if has_match(text, words):
                statements[measure_id].append(Hit(pk, agency, year, text))
        for measure in page.object_list:
            # Snippets for the first three matching statements; the others are only counted.
            matching = statements[measure.pk]
            measure.hits = [(hit, snippet(hit.text, words)) for hit in matching[:3]]
            measure.more_hits = len(matching) - len(measure.hits)
        context.update(page_obj=page, results=page.object_list, result_count=page.paginator.count)
        return context


class PlanFeed(Feed):
    """Atom feed of a plan's newly published reports."""

    feed_type = Atom1Feed
    limit = 50

    def get_object(self, request, slug):
        return get_object_or_404(public_plans(), slug=slug)

    def title(self, plan):
        return _("Published reports: %(plan)s") % {"plan": plan.title}

    def link(self, plan):
        return plan.get_absolute_url()

    def items(self, plan):
        return (
            published_reports()
            .filter(measure__plan=plan)
            .select_related("measure__plan", "agency", "period")
            .order_by("-published_at", "-period__year", "-pk")[: self.limit]
        )

    def item_title(self, report):
        return f"{report.measure.number} · {report.agency.name} · {report.period.year}"

    def item_description(self, report):
        return "\n".join(report.paragraphs)

    def item_link(self, report):
        return f"{report.measure.get_absolute_url()}#report-{report.pk}"

    def item_pubdate(self, report):
        return report.published_at or report.created_at

    def item_updateddate(self, report):
        return report.published_at or report.created_at


class AgencyFeed(PlanFeed):
    """Atom feed of one agency's newly published reports, in every plan."""

    def get_object(self, request, slug):
        agency = Agency.objects.active().filter(slug=slug).first()
        if agency is None:
            raise Http404
        return agency

    def title(self, agency):
        return _("Published reports: %(agency)s") % {"agency": agency.name}

    def link(self, agency):
        return agency.get_absolute_url()

    def items(self, agency):
        return (
            published_reports()
            .filter(agency=agency, measure__plan__in=public_plans())
            .select_related("measure__plan", "agency", "period")
            .order_by("-published_at", "-period__year", "-pk")[: self.limit]
        )
