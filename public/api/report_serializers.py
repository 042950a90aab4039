"""Reporting periods and published progress reports as the open-data API shows them."""

from django.urls import reverse
from rest_framework import serializers

from nap_portal.api.fields import absolute, described
from reports.models import ProgressReport, ReportingPeriod


class ReportingPeriodSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the plan."
    )
    url = serializers.SerializerMethodField(help_text="The plan's public board for this year.")

    class Meta:
        model = ReportingPeriod
        fields = ["id", "plan", "year", "due_date", "is_open", "is_published", "is_final", "url"]
        extra_kwargs = described(
            id="Stable identifier of the period.",
            year="The year reported on.",
            due_date="Date by which agencies must submit; may be null.",
            is_open="Whether agencies may submit reports for this year now.",
            is_published="Whether this year's published reports are public (final or provisional).",
            is_final="Whether this year's results are final; a public year that is not final is "
            "provisional: agencies are still filing.",
        )

    def get_url(self, period: ReportingPeriod) -> str:
        path = reverse("plans:board", args=[period.plan.slug]) + f"?year={period.year}"
        return absolute(self.context.get("request"), path)


class PublicIndicatorValueSerializer(serializers.Serializer):
    indicator = serializers.IntegerField(
        source="indicator_id", help_text="Identifier of the indicator (see its measure)."
    )
    value = serializers.DecimalField(
        max_digits=16,
        decimal_places=4,
        coerce_to_string=True,
        help_text="The value the indicator reached in the year, as the agency reported it.",
    )


class PublicSubItemLineSerializer(serializers.Serializer):
    sub_item = serializers.IntegerField(
        source="sub_item_id", help_text="Identifier of the sub-item (see its measure)."
    )
    number = serializers.CharField(
        source="sub_item.number", help_text='Number of the sub-item, e.g. "4.1.3".'
    )
    status = serializers.CharField(
        help_text="Status of the sub-item: not_started, in_progress, partial, done, or empty."
    )
    text = serializers.CharField(help_text="What was done on the sub-item; may be empty.")


class ReportSerializer(serializers.ModelSerializer):
    """A published report: what one agency did on one measure in one year."""

    plan = serializers.SlugRelatedField(
        source="measure.plan", slug_field="slug", read_only=True, help_text="Slug of the plan."
    )
    measure = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="Identifier of the measure (see /api/v1/measures/)."
    )
    measure_number = serializers.CharField(
        source="measure.number", read_only=True, help_text='Number of the measure, e.g. "2.11".'
    )
    agency = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the reporting agency."
    )
    agency_name = serializers.CharField(
        source="agency.name", read_only=True, help_text="Name of the reporting agency."
    )
    year = serializers.IntegerField(
        source="period.year", read_only=True, help_text="The year reported on."
    )
    url = serializers.SerializerMethodField(help_text="The report on its measure's public page.")
    indicator_values = PublicIndicatorValueSerializer(
        many=True,
        read_only=True,
        help_text="Values the measure's numeric indicators reached in the year.",
    )
    sub_items = PublicSubItemLineSerializer(
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
            "agency_name",
            "year",
            "status",
            "works_done",
            "signatory_name",
            "signatory_position",
            "signed_on",
            "published_at",
            "url",
            "indicator_values",
            "sub_items",
        ]
        extra_kwargs = described(
            id="Stable identifier of the report.",
            status="Implementation status the agency reported: not_started, in_progress, "
            "partial or done; empty when the source document states none.",
            works_done="What the agency did, paragraphs separated by new lines.",
            signatory_name="Who signed the report; may be empty.",
            signatory_position="The signatory's position; may be empty.",
            signed_on="Date of signature; may be null.",
            published_at="When the secretariat published it; null for imported reports.",
        )

    def get_url(self, report: ProgressReport) -> str:
        path = report.measure.get_absolute_url() + f"#year-{report.period.year}"
        return absolute(self.context.get("request"), path)


class ComplianceRowSerializer(serializers.Serializer):
    """One agency's reporting record in a period (reports.obligations)."""

    agency = serializers.CharField(help_text="Slug of the agency.")
    agency_name = serializers.CharField(help_text="Name of the agency.")
    expected = serializers.IntegerField(help_text="Reports it owes as main or other executor.")
    handed_in = serializers.IntegerField(
        help_text="Of those, handed in (submitted, returned for changes, accepted, published)."
    )
    on_time = serializers.IntegerField(help_text="Handed in for the first time by the due date.")
    late = serializers.IntegerField(help_text="Handed in after the due date.")
    missing = serializers.IntegerField(help_text="Not handed in, and the due date has passed.")
    not_yet_due = serializers.IntegerField(
        help_text="Not handed in yet, and the due date has not passed."
    )
    returned = serializers.IntegerField(help_text="Handed in, and returned to it for changes.")
    recommended_expected = serializers.IntegerField(
        help_text="Reports it is invited (recommended) to give; never missing or late."
    )
    recommended_handed_in = serializers.IntegerField(help_text="Of those, handed in.")
    due_date = serializers.DateField(
        allow_null=True,
        help_text="The date the agency is judged against: the period's, or its extension.",
    )
    extended = serializers.BooleanField(
        help_text="The secretariat extended the agency's due date in this period."
    )
