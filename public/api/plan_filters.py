"""Filters of the plan, priority and measure endpoints."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from agencies.models import Agency
from nap_portal.api.filters import IntegerFilter, TextFilter
from plans.models import Assignment, Measure, Plan, Priority, SubItem, SubItemAssignment
from plans.search import search_measures
from plans.status import BoardStatus

from ..board import period_ranks, rolled_up_ranks, status_condition
from ..selectors import default_year, final_periods, public_plans


class PlanFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=[(Plan.Status.ACTIVE.value, "active"), (Plan.Status.COMPLETED.value, "completed")],
        help_text="Only plans in this status.",
    )
    year = IntegerFilter(method="filter_year", help_text="Only plans that run in this year.")

    class Meta:
        model = Plan
        fields = ["status", "year"]

    def filter_year(self, plans, name, year):
        return plans.filter(start_year__lte=year, end_year__gte=year)


class PriorityFilter(django_filters.FilterSet):
    plan = TextFilter(field_name="plan__slug", help_text="Slug of the plan.")

    class Meta:
        model = Priority
        fields = ["plan"]


class MeasureFilter(django_filters.FilterSet):
    plan = TextFilter(field_name="plan__slug", help_text="Slug of the plan.")
    priority = IntegerFilter(
        field_name="priority__number",
        help_text="Number of the priority within its plan; use it together with plan.",
    )
    agency = TextFilter(
        method="filter_executor",
        help_text="Slug of an agency: measures it executes, by name or as an active member of "
        "a category the plan names. With role, only in that role.",
    )
    role = django_filters.ChoiceFilter(
        choices=Assignment.Role.choices,
        method="filter_executor",
        help_text="Only measures with an executor in this role (main, co or recommended).",
    )
    status = django_filters.ChoiceFilter(
        choices=BoardStatus.choices,
        method="filter_status",
        help_text="Only measures with this status in the given year, "
        "by the board's rule: the least advanced status among the year's published reports; "
        "not_stated if none states one, no_report if there is none. Without year, the "
        "board's default year: the plan's latest year with published results.",
    )
    year = IntegerFilter(
        method="filter_year", help_text="Only measures whose execution period includes this year."
    )
    q = TextFilter(
        method="filter_q",
        help_text="Azerbaijani search, the same as the board's: number, title, indicator, "
        "executors and published reports, whatever the case and with or without diacritics "
        '("ƏDLİYYƏ", "ədliyyə" and "edliyye" find the same); each word matches word '
        'beginnings ("korrupsiya" finds "Korrupsiyaya").',
    )

    class Meta:
        model = Measure
        fields = ["plan", "priority", "agency", "role", "status", "year", "q"]

    def filter_executor(self, measures, name, value):
        # agency and role describe one assignment together, so both are applied at once,
        # from whichever of the two filters runs first.
        if getattr(self, "_executor_filtered", False):
            return measures
        self._executor_filtered = True
        assignments = Assignment.objects.all()
        # A sub-item's executors report on its measure too (reports.obligations).
        sub_items = SubItemAssignment.objects.all()
        slug, role = self.form.cleaned_data.get("agency"), self.form.cleaned_data.get("role")
        if role:
            assignments = assignments.filter(role=role)
            sub_items = sub_items.filter(role=role)
        if slug:
            agency = Agency.objects.filter(slug=slug).first()
            if agency is None:
                return measures.none()
            by_name = Q(agency=agency)
            named = by_name | Q(category_id=agency.category_id) if agency.is_active else by_name
            assignments = assignments.filter(named)
            sub_items = sub_items.filter(named)
        return measures.filter(
            Q(id__in=assignments.values("measure_id"))
            | Q(id__in=sub_items.values("sub_item__measure_id"))
        )

    def filter_status(self, measures, name, status):
        year = self.form.cleaned_data.get("year") or self.status_year()
        # The board's rule, sub-items' roll-up included (plans.status).
        ranks = period_ranks(period__year=year)
        rolled = rolled_up_ranks(
            SubItem.objects.filter(measure__in=measures.values("pk")), report__period__year=year
        )
        return measures.filter(status_condition(status, year, ranks, rolled))

    def status_year(self) -> int:
        """Without a year, the board's default: the plan's latest final year (or, across plans,
        the latest final year of any plan), else the plan year nearest today."""
        periods = final_periods()
        plan = public_plans().filter(slug=self.form.cleaned_data.get("plan") or "").first()
        today = timezone.localdate().year
        if plan is None:
            return max(periods.values_list("year", flat=True), default=today)
        final = list(periods.filter(plan=plan).values_list("year", flat=True))
        return default_year(plan, final, today)

    def filter_year(self, measures, name, year):
        return measures.filter(start_year__lte=year, end_year__gte=year)

    def filter_q(self, measures, name, query):
        return search_measures(measures, query)
