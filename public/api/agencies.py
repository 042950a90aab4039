"""Read-only endpoints for agencies and agency categories."""

from django.db.models import Prefetch

from agencies.models import Agency, AgencyAlias, AgencyCategory

from .agency_filters import AgencyCategoryFilter, AgencyFilter
from .agency_serializers import AgencyCategorySerializer, AgencySerializer
from .base import PublicViewSet


class AgencyCategoryViewSet(PublicViewSet):
    """Kinds of body a plan can oblige as a whole, e.g. local executive authorities."""

    serializer_class = AgencyCategorySerializer
    filterset_class = AgencyCategoryFilter
    ordering_fields = ["order", "code", "name"]
    ordering = ["order", "name"]
    lookup_field = "code"

    def get_queryset(self):
        return AgencyCategory.objects.order_by("order", "name")


class AgencyViewSet(PublicViewSet):
    """Ministries, district executive authorities, state companies and the other executors."""

    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    ordering_fields = ["name", "slug"]
    ordering = ["name"]
    lookup_field = "slug"

    def get_queryset(self):
        return Agency.objects.select_related("category", "parent").prefetch_related(
            Prefetch("aliases", queryset=AgencyAlias.objects.order_by("alias"))
        )
