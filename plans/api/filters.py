"""Filters of the plan, priority and measure endpoints."""

import django_filters
from django.db.models import Q, QuerySet

from agencies.models import Agency
from nap_portal.api.filters import IntegerFilter, TextFilter
from nap_portal.text import search_words
from reports.models import ImplementationStatus, ProgressReport

from ..models import Assignment, Measure, Plan, Priority


def search_measures(measures: QuerySet, query: str) -> QuerySet:
    """Measures whose folded text has every word of ``query`` as a word prefix."""
    for word in search_words(query):
        measures = measures.filter(
            Q(search_text__startswith=word) | Q(search_text__contains=f" {word}")
        )
    return measures


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
        choices=ImplementationStatus.choices,
        method="filter_status",
        help_text="Only measures with a published report of this implementation status "
        "(in the given year, if year is given).",
    )
    year = IntegerFilter(
        method="filter_year", help_text="Only measures whose execution period includes this year."
    )
    q = TextFilter(
        method="filter_q",
        help_text="Azerbaijani search in number, title and indicator, whatever the case and "
        'with or without diacritics: "ƏDLİYYƏ", "ədliyyə" and "edliyye" find the same; each '
        'word matches word beginnings ("korrupsiya" finds "Korrupsiyaya").',
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
        slug, role = self.form.cleaned_data.get("agency"), self.form.cleaned_data.get("role")
        if role:
            assignments = assignments.filter(role=role)
        if slug:
            agency = Agency.objects.filter(slug=slug).first()
            if agency is None:
                return measures.none()
            by_name = Q(agency=agency)
            assignments = assignments.filter(
                by_name | Q(category_id=agency.category_id) if agency.is_active else by_name
            )
        return measures.filter(id__in=assignments.values("measure_id"))

    def filter_status(self, measures, name, status):
        reports = ProgressReport.objects.published().filter(
            status=status, period__is_published=True
        )
        year = self.form.cleaned_data.get("year")
        if year:
            reports = reports.filter(period__year=year)
        return measures.filter(id__in=reports.values("measure_id"))

    def filter_year(self, measures, name, year):
        return measures.filter(start_year__lte=year, end_year__gte=year)

    def filter_q(self, measures, name, query):
        return search_measures(measures, query)
