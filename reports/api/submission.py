"""The submission API: an agency's system saves and submits its own reports with a token.

Every write goes through ``reports.services`` (the web form's rules: ownership, open period,
editable state, obligations) and every read through ``reports.access``; another agency's
report answers 404, exactly like a missing one. Updates and submissions carry the version
the client last read in ``If-Match``: a stale one gets 412 and changes nothing, a missing
one 428.
"""

import django_filters
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from agencies.models import Agency
from nap_portal.api.fields import absolute, described
from nap_portal.api.filters import IntegerFilter, TextFilter
from nap_portal.api.schema import ErrorSerializer
from nap_portal.api.viewsets import StrictQueryMixin
from plans.models import Measure

from .. import services
from ..access import agency_ids_of, get_report_for_user, reports_for_user
from ..models import (
    ImplementationStatus,
    IndicatorValue,
    ProgressReport,
    ReportingPeriod,
    SubItemProgress,
)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = gettext_lazy("The report changed since you read it; read it again.")
    default_code = "stale_version"


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = gettext_lazy('Send If-Match with the version you read, e.g. If-Match: "3".')
    default_code = "if_match_required"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "invalid_state"


def report_etag(report: ProgressReport) -> str:
    return f'"{report.version}"'


def expected_version(request) -> int:
    """The version named by If-Match: 428 without one, 412 when it names no version."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired
    tag = header.split(",")[0].strip().removeprefix("W/").strip('"')
    # A version is a small number; 4,300 digits would not even convert.
    if not tag.isascii() or not tag.isdigit() or len(tag) > 18:
        raise PreconditionFailed(_('If-Match must name a version, e.g. If-Match: "3".'))
    return int(tag)


class IndicatorValueSerializer(serializers.Serializer):
    """The value a numeric indicator of the measure reached in the period."""

    indicator = serializers.IntegerField(
        source="indicator_id", min_value=1, help_text="Id of the measure's numeric indicator."
    )
    value = serializers.DecimalField(
        max_digits=16,
        decimal_places=4,
        allow_null=True,
        coerce_to_string=True,
        help_text="The value reached, a number; null (when writing) clears it.",
    )


class SubItemLineSerializer(serializers.Serializer):
    """The report's line on one sub-item of its measure."""

    sub_item = serializers.IntegerField(
        source="sub_item_id", min_value=1, help_text="Id of the measure's sub-item."
    )
    number = serializers.CharField(
        source="sub_item.number", read_only=True, help_text='Number of the sub-item, "4.1.3".'
    )
    status = serializers.ChoiceField(
        choices=ImplementationStatus.choices,
        allow_blank=True,
        required=False,
        default="",
        help_text="Implementation status of the sub-item, or empty.",
    )
    text = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        max_length=100_000,
        help_text="What was done on the sub-item.",
    )


class WorkspaceReportSerializer(serializers.ModelSerializer):
    """A report as its own agency sees it, in any workflow state."""

    plan = serializers.SlugRelatedField(
        source="measure.plan", slug_field="slug", read_only=True, help_text="Slug of the plan."
    )
    measure = serializers.PrimaryKeyRelatedField(read_only=True, help_text="Measure id.")
    measure_number = serializers.CharField(
        source="measure.number", read_only=True, help_text='Number of the measure, e.g. "2.11".'
    )
    agency = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the reporting agency."
    )
    period = serializers.PrimaryKeyRelatedField(read_only=True, help_text="Reporting period id.")
    year = serializers.IntegerField(
        source="period.year", read_only=True, help_text="The year reported on."
    )
    status = serializers.ChoiceField(
        choices=ImplementationStatus.choices,
        allow_blank=True,
        read_only=True,
        help_text="Implementation status: not_started, in_progress, partial, done, or empty.",
    )
    url = serializers.SerializerMethodField(help_text="The report in the web workspace.")
    indicator_values = IndicatorValueSerializer(
        many=True, read_only=True, help_text="Values reached by the measure's numeric indicators."
    )
    sub_items = SubItemLineSerializer(
        source="sub_item_lines",
        many=True,
        read_only=True,
        help_text="The report's lines on the measure's sub-items.",
    )

    class Meta:
        model = ProgressReport
        fields = [
            "id",
            "plan",
            "measure",
            "measure_number",
            "agency",
            "period",
            "year",
            "status",
            "works_done",
            "state",
            "version",
            "review_comment",
            "submitted_at",
            "updated_at",
            "url",
            "indicator_values",
            "sub_items",
        ]
        read_only_fields = fields
        extra_kwargs = described(
            id="Stable identifier of the report.",
            works_done="What the agency did, paragraphs separated by new lines.",
            state="draft, submitted, returned, accepted or published.",
            version="Increases with every change; send it back in If-Match to change the report.",
            review_comment="The secretariat's comment when it returned the report.",
            submitted_at="When the report was last submitted; null if never.",
            updated_at="When the report was last changed.",
        )

    def get_url(self, report: ProgressReport) -> str:
        path = reverse("reports:detail", args=[report.pk])
        return absolute(self.context.get("request"), path)


def _flat_errors(detail) -> dict:
    """Field errors as the API documents them (``ErrorSerializer``: a field's messages as a
    list of strings): a list field's per-item errors ("indicator_values": {"5": {"value": …}})
    become messages naming the item and its field ("5.value: …")."""

    def messages(value, prefix: str = "") -> list[str]:
        if isinstance(value, dict):
            return [m for key, item in value.items() for m in messages(item, f"{prefix}{key}.")]
        if isinstance(value, list):
            found = []
            for index, item in enumerate(value):
                if isinstance(item, (dict, list)):
                    found += messages(
                        item, f"{prefix}{index}." if isinstance(item, dict) else prefix
                    )
                elif item:
                    found.append(f"{prefix.rstrip('.')}: {item}" if prefix else str(item))
            return found
        return [f"{prefix.rstrip('.')}: {value}" if prefix else str(value)]

    if not isinstance(detail, dict):
        return detail
    return {field: messages(value) for field, value in detail.items()}


class ReportTextSerializer(serializers.Serializer):
    """What an agency writes: the works done and the implementation status."""

    works_done = serializers.CharField(
        allow_blank=True,
        max_length=100_000,
        help_text="What the agency did, paragraphs separated by new lines.",
    )
    status = serializers.ChoiceField(
        choices=ImplementationStatus.choices,
        allow_blank=True,
        required=False,
        default="",
        help_text="Implementation status: not_started, in_progress, partial, done, or empty.",
    )
    indicator_values = IndicatorValueSerializer(
        many=True,
        required=False,
        help_text="Values reached by the measure's numeric indicators; those left out stay.",
    )
    sub_items = SubItemLineSerializer(
        many=True,
        required=False,
        help_text="Lines on the measure's sub-items; those left out stay.",
    )

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except ValidationError as error:
            raise ValidationError(_flat_errors(error.detail)) from None

    def parts(self) -> dict:
        """``services.save_report``'s ``indicator_values`` and ``sub_item_lines`` (None: not
        sent, left as they are)."""
        data = self.validated_data
        values = data.get("indicator_values")
        lines = data.get("sub_items")
        return {
            "indicator_values": None
            if values is None
            else {item["indicator_id"]: item["value"] for item in values},
            "sub_item_lines": None
            if lines is None
            else {item["sub_item_id"]: (item["status"], item["text"]) for item in lines},
        }


class ReportCreateSerializer(ReportTextSerializer):
    measure = serializers.IntegerField(min_value=1, help_text="Id of the measure reported on.")
    period = serializers.IntegerField(min_value=1, help_text="Id of the reporting period.")
    agency = serializers.SlugField(
        required=False,
        help_text="Slug of the reporting agency; needed only by staff of several agencies.",
    )


class WorkspaceReportFilter(django_filters.FilterSet):
    period = IntegerFilter(field_name="period_id", help_text="Id of the reporting period.")
    measure = IntegerFilter(field_name="measure_id", help_text="Id of the measure.")
    agency = TextFilter(field_name="agency__slug", help_text="Slug of the agency.")
    state = django_filters.ChoiceFilter(
        choices=ProgressReport.State.choices, help_text="Workflow state."
    )

    class Meta:
        model = ProgressReport
        fields = ["period", "measure", "agency", "state"]


STALE = OpenApiResponse(ErrorSerializer, description="If-Match names an older version.")
MISSING_IF_MATCH = OpenApiResponse(ErrorSerializer, description="If-Match is missing.")
CONFLICT = OpenApiResponse(
    ErrorSerializer, description="Not possible in the report's state or its period."
)
REPORT_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description="Identifier of the report."
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description='The version last read, quoted as in the ETag header: "3".',
)


@extend_schema_view(
    retrieve=extend_schema(parameters=[REPORT_ID]),
    partial_update=extend_schema(parameters=[REPORT_ID]),
    submit=extend_schema(parameters=[REPORT_ID]),
)
class WorkspaceReportViewSet(
    StrictQueryMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Your agency's reports, in every state: read, create, update and submit drafts.

    Authenticate with "Authorization: Token <key>"; the secretariat issues keys to agency
    staff. Other agencies' reports do not exist for you (404).
    """

    # Tokens only (an agency's system, not a browser session). The class is named in settings
    # (WORKSPACE_API_AUTHENTICATION): it lives in the accounts app, a layer above this one.
    authentication_classes = [import_string(path) for path in settings.WORKSPACE_API_AUTHENTICATION]
    permission_classes = [IsAuthenticated]
    serializer_class = WorkspaceReportSerializer
    filterset_class = WorkspaceReportFilter
    ordering_fields = ["id", "updated_at"]
    ordering = ["-updated_at", "-id"]
    lookup_value_regex = r"[^/]+"  # anything else is a 404 in JSON from get_report_for_user
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return reports_for_user(self.request.user).prefetch_related(
            Prefetch("indicator_values", IndicatorValue.objects.order_by("indicator_id")),
            Prefetch(
                "sub_item_lines",
                SubItemProgress.objects.select_related("sub_item").order_by("sub_item__sort_key"),
            ),
        )

    def get_object(self) -> ProgressReport:
        return get_report_for_user(self.request.user, self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        return self._answer(self.get_object())

    def _answer(self, report: ProgressReport, code: int = status.HTTP_200_OK) -> Response:
        report = self.get_queryset().get(pk=report.pk)
        response = Response(self.get_serializer(report).data, status=code)
        response["ETag"] = report_etag(report)
        return response

    @extend_schema(
        request=ReportCreateSerializer,
        responses={201: WorkspaceReportSerializer, 409: CONFLICT},
        description="Start your agency's report on a measure for a period open for "
        "submissions. A report that already exists answers 409: update it instead.",
    )
    def create(self, request):
        data = ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        measure = get_object_or_404(Measure, pk=values["measure"])
        period = get_object_or_404(ReportingPeriod, pk=values["period"])
        agency = self._agency(values.get("agency"))
        with service_errors():
            try:
                report = services.save_report(
                    user=request.user,
                    measure=measure,
                    agency=agency,
                    period=period,
                    works_done=values["works_done"],
                    status=values["status"],
                    expected_version=0,
                    **data.parts(),
                )
            except services.StaleVersion as stale:
                raise Conflict(
                    _(
                        "Your agency already has report %(id)s on this measure for this "
                        "period; update it instead."
                    )
                    % {"id": stale.current.pk}
                ) from None
        return self._answer(report, status.HTTP_201_CREATED)

    @extend_schema(
        request=ReportTextSerializer,
        parameters=[IF_MATCH],
        responses={
            200: WorkspaceReportSerializer,
            409: CONFLICT,
            412: STALE,
            428: MISSING_IF_MATCH,
        },
        description="Change the works done and status of your draft or returned report.",
    )
    def partial_update(self, request, pk=None):
        report = self.get_object()
        version = expected_version(request)
        text = ReportTextSerializer(data=request.data, partial=True)
        text.is_valid(raise_exception=True)
        with service_errors():
            report = services.save_report(
                user=request.user,
                report=report,
                works_done=text.validated_data.get("works_done", report.works_done),
                status=text.validated_data.get("status", report.status),
                expected_version=version,
                **text.parts(),
            )
        return self._answer(report)

    @extend_schema(
        request=None,
        parameters=[IF_MATCH],
        responses={
            200: WorkspaceReportSerializer,
            409: CONFLICT,
            412: STALE,
            428: MISSING_IF_MATCH,
        },
        description="Hand your draft or returned report to the secretariat.",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        report = self.get_object()
        version = expected_version(request)
        with service_errors():
            report = services.submit_report(
                report=report, user=request.user, expected_version=version
            )
        return self._answer(report)

    def _agency(self, slug: str | None) -> Agency:
        mine = Agency.objects.filter(pk__in=agency_ids_of(self.request.user))
        if slug:
            return get_object_or_404(mine, slug=slug)
        agencies = list(mine[:2])
        if len(agencies) != 1:
            raise ValidationError({"agency": [_("Name the agency you report for.")]})
        return agencies[0]


class service_errors:
    """The workflow's refusals as HTTP answers: 400 with field messages, 409, 412."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if error is None:
            return False
        if isinstance(error, services.StaleVersion):
            raise PreconditionFailed(
                _("The report is at version %(version)s; read it again.")
                % {"version": error.current_version}
            ) from None
        if isinstance(error, services.InvalidState):
            raise Conflict(str(error)) from None
        if isinstance(error, DjangoValidationError):
            detail = (
                error.message_dict
                if hasattr(error, "error_dict")
                else {"non_field_errors": error.messages}
            )
            raise ValidationError(detail) from None
        return False
