"""Filters of the reporting period and report endpoints."""

import django_filters

from nap_portal.api.filters import IntegerFilter, TextFilter
from plans.status import ImplementationStatus
from reports.models import ProgressReport, ReportingPeriod


class ReportingPeriodFilter(django_filters.FilterSet):
    plan = TextFilter(field_name="plan__slug", help_text="Slug of the plan.")
    year = IntegerFilter(help_text="Only the period of this year.")

    class Meta:
        model = ReportingPeriod
        fields = ["plan", "year"]


class ReportFilter(django_filters.FilterSet):
    plan = TextFilter(field_name="measure__plan__slug", help_text="Slug of the plan.")
    measure = IntegerFilter(field_name="measure_id", help_text="Identifier of the measure.")
    measure_number = TextFilter(
        field_name="measure__number",
        help_text='Number of the measure, e.g. "2.11"; use it together with plan.',
    )
    agency = TextFilter(field_name="agency__slug", help_text="Slug of the reporting agency.")
    year = IntegerFilter(field_name="period__year", help_text="The year reported on.")
    status = django_filters.ChoiceFilter(
        choices=ImplementationStatus.choices, help_text="Implementation status reported."
    )

    class Meta:
        model = ProgressReport
        fields = ["plan", "measure", "measure_number", "agency", "year", "status"]
