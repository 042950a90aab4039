"""Read-only endpoints for reporting periods and published reports."""

from nap_portal.api.pagination import ReportCursorPagination
from nap_portal.api.viewsets import OpenDataViewSet
from plans.models import Plan

from ..models import ProgressReport, ReportingPeriod
from .filters import ReportFilter, ReportingPeriodFilter
from .serializers import ReportingPeriodSerializer, ReportSerializer


def published_reports():
    """Reports the public may read: published, in a published period of a public plan.

    Drafts, submitted, returned and accepted reports never leave through the open API.
    """
    return (
        ProgressReport.objects.published()
        .filter(period__is_published=True)
        .exclude(measure__plan__status=Plan.Status.DRAFT)
        .select_related("measure__plan", "agency", "period")
    )


class ReportingPeriodViewSet(OpenDataViewSet):
    """Each plan's reporting years, with due dates and whether results are public."""

    serializer_class = ReportingPeriodSerializer
    filterset_class = ReportingPeriodFilter
    ordering_fields = ["year", "id"]
    ordering = ["plan__slug", "-year"]

    def get_queryset(self):
        return ReportingPeriod.objects.exclude(plan__status=Plan.Status.DRAFT).select_related(
            "plan"
        )


class ReportViewSet(OpenDataViewSet):
    """Published progress reports: what each agency did on each measure, year by year.

    Paginated with a cursor: follow ``next`` until it is null.
    """

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    pagination_class = ReportCursorPagination
    ordering_fields = ["id"]

    def get_queryset(self):
        return published_reports()
