"""Read-only endpoints for plans, priorities and measures, and each plan's full dump."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from plans.models import Priority

from ..selectors import public_measures, public_plans
from .base import PublicViewSet
from .dump import PlanDumpSerializer, dump_plan
from .plan_filters import MeasureFilter, PlanFilter, PriorityFilter
from .plan_serializers import MeasureSerializer, PlanSerializer, PrioritySerializer, with_parts


class PlanViewSet(PublicViewSet):
    """The National Action Plans the portal monitors."""

    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    ordering_fields = ["start_year", "slug", "title"]
    ordering = ["-start_year", "title"]
    lookup_field = "slug"

    def get_queryset(self):
        return public_plans()

    @extend_schema(
        summary="Everything about one plan",
        description="The plan, its priorities, measures with executors and every published "
        "report, in one file. With ?format=csv: one row per published report (a measure "
        "without one has a row with the report columns empty).",
        filters=False,
        responses={200: OpenApiResponse(PlanDumpSerializer)},
    )
    @action(detail=True, url_path="dump", pagination_class=None, filter_backends=[])
    def dump(self, request, slug=None):
        plan = self.get_object()
        response = Response(dump_plan(plan, request, csv=self._wants_csv()))
        return response


class PriorityViewSet(PublicViewSet):
    """The numbered priorities (sections) of each plan."""

    serializer_class = PrioritySerializer
    filterset_class = PriorityFilter
    ordering_fields = ["number", "id"]
    ordering = ["plan__slug", "number"]

    def get_queryset(self):
        return Priority.objects.filter(plan__in=public_plans()).select_related("plan")


class MeasureViewSet(PublicViewSet):
    """The numbered measures of each plan, with who executes them."""

    serializer_class = MeasureSerializer
    filterset_class = MeasureFilter
    ordering_fields = {"sort_key": "number", "start_year": "start_year", "end_year": "end_year"}
    ordering = ["plan__slug", "sort_key"]

    def get_queryset(self):
        return with_parts(public_measures().with_executors())
