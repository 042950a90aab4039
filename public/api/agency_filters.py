"""Filters of the agency endpoints."""

import django_filters

from agencies.models import Agency, AgencyCategory
from nap_portal.api.filters import BooleanFilter, TextFilter


class AgencyCategoryFilter(django_filters.FilterSet):
    class Meta:
        model = AgencyCategory
        fields: list[str] = []


class AgencyFilter(django_filters.FilterSet):
    category = TextFilter(
        field_name="category__code", help_text="Only agencies of the category with this code."
    )
    is_active = BooleanFilter(
        help_text="true: agencies that exist today; false: former ones.",
    )

    class Meta:
        model = Agency
        fields = ["category", "is_active"]
