"""Filters of the reporting period and report endpoints."""

import django_filters

from ..models import ImplementationStatus, ProgressReport, ReportingPeriod


class ReportingPeriodFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(field_name="plan__slug", help_text="Slug of the plan.")
    year = django_filters.NumberFilter(help_text="Only the period of this year.")

    class Meta:
        model = ReportingPeriod
        fields = ["plan", "year"]


class ReportFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(
        field_name="measure__plan__slug", help_text="Slug of the plan."
    )
    measure = django_filters.NumberFilter(
        field_name="measure_id", help_text="Identifier of the measure."
    )
    measure_number = django_filters.CharFilter(
        field_name="measure__number",
        help_text='Number of the measure, e.g. "2.11"; use it together with plan.',
    )
    agency = django_filters.CharFilter(
        field_name="agency__slug", help_text="Slug of the reporting agency."
    )
    year = django_filters.NumberFilter(field_name="period__year", help_text="The year reported on.")
    status = django_filters.ChoiceFilter(
        choices=ImplementationStatus.choices, help_text="Implementation status reported."
    )

    class Meta:
        model = ProgressReport
        fields = ["plan", "measure", "measure_number", "agency", "year", "status"]
