"""Read-only endpoints for reporting periods and published reports."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from nap_portal.api.pagination import ReportCursorPagination
from reports.models import ReportingPeriod

from ..selectors import (
    compliance,
    public_indicator_values,
    public_plans,
    public_reports,
    public_sub_item_lines,
)
from .base import PublicViewSet
from .report_filters import ReportFilter, ReportingPeriodFilter
from .report_serializers import (
    ComplianceRowSerializer,
    ReportingPeriodSerializer,
    ReportSerializer,
)


def open_data_reports():
    """Reports the public may read (reports.visibility), with what the serializer reads.

    Drafts, submitted, returned and accepted reports never leave through the open API.
    """
    return (
        public_reports()
        .select_related("measure__plan", "agency", "period")
        .prefetch_related(
            Prefetch("indicator_values", public_indicator_values().order_by("indicator_id")),
            Prefetch(
                "sub_item_lines",
                public_sub_item_lines().select_related("sub_item").order_by("sub_item__sort_key"),
            ),
        )
    )


class ReportingPeriodViewSet(PublicViewSet):
    """Each plan's reporting years, with due dates and whether results are public."""

    serializer_class = ReportingPeriodSerializer
    filterset_class = ReportingPeriodFilter
    ordering_fields = ["year", "id"]
    ordering = ["plan__slug", "-year"]

    def get_queryset(self):
        return ReportingPeriod.objects.filter(plan__in=public_plans()).select_related("plan")

    @extend_schema(
        summary="Who reported in this period",
        description="Per agency obliged in the period: reports expected, handed in, on time, "
        "late, missing (only after the due date), not yet due, returned for changes, and "
        "recommended bodies apart — the same figures as the public agency pages and the "
        "secretariat's compliance table. A returned report counts as handed in.",
        filters=False,
        responses={200: ComplianceRowSerializer(many=True)},
    )
    @action(detail=True, url_path="compliance", pagination_class=None, filter_backends=[])
    def compliance(self, request, pk=None):
        period = self.get_object()
        rows = [
            {
                "agency": row.agency.slug,
                "agency_name": row.agency.name,
                **row.as_dict(),
                "due_date": row.due_date,
                "extended": row.extended,
            }
            for row in compliance(period)
        ]
        return Response(ComplianceRowSerializer(rows, many=True).data)


class ReportViewSet(PublicViewSet):
    """Published progress reports: what each agency did on each measure, year by year.

    Paginated with a cursor: follow ``next`` until it is null.
    """

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    pagination_class = ReportCursorPagination
    ordering_fields = ["id"]

    def get_queryset(self):
        return open_data_reports()
