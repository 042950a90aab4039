"""The API: open data under /api/v1/, its OpenAPI schema and its browsable docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from public.api.agencies import AgencyCategoryViewSet, AgencyViewSet
from public.api.civic import ActivityViewSet, AssessmentViewSet, OrganisationViewSet, ReplyViewSet
from public.api.plans import MeasureViewSet, PlanViewSet, PriorityViewSet
from public.api.reports import ReportingPeriodViewSet, ReportViewSet
from reports.api.submission import WorkspaceReportViewSet


class Router(DefaultRouter):
    include_format_suffixes = False  # ?format=csv is the one way to ask for CSV


router = Router()
router.register("plans", PlanViewSet, basename="plan")
router.register("priorities", PriorityViewSet, basename="priority")
router.register("measures", MeasureViewSet, basename="measure")
router.register("agency-categories", AgencyCategoryViewSet, basename="agency-category")
router.register("agencies", AgencyViewSet, basename="agency")
router.register("periods", ReportingPeriodViewSet, basename="period")
router.register("reports", ReportViewSet, basename="report")
router.register("civil-society/organisations", OrganisationViewSet, basename="organisation")
router.register("civil-society/activities", ActivityViewSet, basename="activity")
router.register("civil-society/assessments", AssessmentViewSet, basename="assessment")
router.register("civil-society/replies", ReplyViewSet, basename="reply")
router.register("workspace/reports", WorkspaceReportViewSet, basename="workspace-report")

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
