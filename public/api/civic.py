"""Open data of civil society: organisations, monitoring activities, published assessments
and the executors' replies (``?format=csv`` like every list). A hidden assessment keeps its
place with the secretariat's reason and without its text."""

import django_filters
from django.db.models import Prefetch
from rest_framework import serializers

from civic.models import (
    Assessment,
    CompletionLevel,
    MonitoringActivity,
    OpenGovernmentEffect,
    Organisation,
    PlanReference,
    Reply,
)
from nap_portal.api.filters import IntegerFilter, TextFilter
from nap_portal.api.viewsets import OpenDataViewSet

from ..selectors import public_assessments, public_organisations, public_replies


class OrganisationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The organisation's public page.")

    class Meta:
        model = Organisation
        fields = ["slug", "name", "name_en", "contact", "website", "url"]

    def get_url(self, organisation) -> str:
        return self.context["request"].build_absolute_uri(organisation.get_absolute_url())


class ReferenceSerializer(serializers.Serializer):
    item = serializers.CharField(source="number", help_text='Plan item as written, e.g. "4.1.3".')
    plan = serializers.CharField(
        source="plan.slug", read_only=True, allow_null=True, help_text="Slug of the plan cited."
    )
    other_plan = serializers.CharField(
        source="plan_as_written", help_text="Another body's plan, as written."
    )


class ActivitySerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the organisation."
    )
    references = ReferenceSerializer(many=True, read_only=True)
    places = serializers.ListField(
        source="place_list", child=serializers.CharField(), help_text="Places, as written."
    )
    links = serializers.SerializerMethodField(help_text="Web addresses of the activity.")

    class Meta:
        model = MonitoringActivity
        fields = [
            "id",
            "organisation",
            "number",
            "title",
            "kind",
            "start_year",
            "end_year",
            "references",
            "events",
            "events_in_regions",
            "participants",
            "state_participants",
            "foreign_guests",
            "broadcasts",
            "places",
            "links",
            "text",
        ]

    def get_links(self, activity) -> list[str]:
        return [link.url for link in activity.links.all()]


class ReplySerializer(serializers.ModelSerializer):
    assessment = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The assessment.")
    agency = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the replying agency."
    )
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Reply
        fields = [
            "id",
            "assessment",
            "agency",
            "agency_name",
            "stance",
            "text",
            "created_at",
            "answer",
            "answered_at",
        ]


class AssessmentSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the organisation."
    )
    plan = serializers.SlugRelatedField(
        source="measure.plan", slug_field="slug", read_only=True, help_text="Slug of the plan."
    )
    measure_number = serializers.CharField(source="measure.number", read_only=True)
    sub_item = serializers.SerializerMethodField(help_text="Number of the sub-item, if any.")
    completion = serializers.SerializerMethodField(
        help_text="IRM completion; empty when hidden.",
    )
    opened_government = serializers.SerializerMethodField(
        help_text="IRM 'did it open government?'; empty when hidden."
    )
    text = serializers.SerializerMethodField(help_text="The assessment; empty when hidden.")
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    hidden_reason = serializers.CharField(read_only=True)
    replies = serializers.SerializerMethodField(help_text="The executors' replies.")
    url = serializers.SerializerMethodField(help_text="The assessment on its measure's page.")

    class Meta:
        model = Assessment
        fields = [
            "id",
            "organisation",
            "plan",
            "measure",
            "measure_number",
            "sub_item",
            "year",
            "completion",
            "opened_government",
            "text",
            "published_at",
            "hidden",
            "hidden_reason",
            "replies",
            "url",
        ]

    def get_sub_item(self, assessment) -> str:
        return assessment.sub_item.number if assessment.sub_item_id else ""

    def get_completion(self, assessment) -> str:
        return "" if assessment.is_hidden else assessment.completion

    def get_opened_government(self, assessment) -> str:
        return "" if assessment.is_hidden else assessment.opened_government

    def get_text(self, assessment) -> str:
        return "" if assessment.is_hidden else assessment.text

    def get_replies(self, assessment) -> list[dict]:
        if assessment.is_hidden:
            return []
        return [
            {
                "agency": reply.agency.slug,
                "stance": reply.stance,
                "text": reply.text,
                "created_at": reply.created_at.isoformat(),
                "answer": reply.answer,
            }
            for reply in assessment.replies.all()
        ]

    def get_url(self, assessment) -> str:
        path = f"{assessment.measure.get_absolute_url()}#assessment-{assessment.pk}"
        return self.context["request"].build_absolute_uri(path)


class AssessmentFilter(django_filters.FilterSet):
    plan = TextFilter(field_name="measure__plan__slug", help_text="Slug of the plan.")
    measure = IntegerFilter(field_name="measure_id", help_text="Identifier of the measure.")
    organisation = TextFilter(field_name="organisation__slug", help_text="Organisation slug.")
    year = IntegerFilter(help_text="The year assessed.")
    completion = django_filters.ChoiceFilter(choices=CompletionLevel.choices)
    opened_government = django_filters.ChoiceFilter(choices=OpenGovernmentEffect.choices)

    class Meta:
        model = Assessment
        fields = ["plan", "measure", "organisation", "year", "completion", "opened_government"]


class ActivityFilter(django_filters.FilterSet):
    organisation = TextFilter(field_name="organisation__slug", help_text="Organisation slug.")
    kind = django_filters.ChoiceFilter(choices=MonitoringActivity.Kind.choices)

    class Meta:
        model = MonitoringActivity
        fields = ["organisation", "kind"]


class ReplyFilter(django_filters.FilterSet):
    assessment = IntegerFilter(field_name="assessment_id", help_text="The assessment.")
    agency = TextFilter(field_name="agency__slug", help_text="Slug of the replying agency.")

    class Meta:
        model = Reply
        fields = ["assessment", "agency"]


class OrganisationViewSet(OpenDataViewSet):
    """Civil-society organisations that monitor the plans."""

    serializer_class = OrganisationSerializer
    ordering_fields = ["slug", "name"]
    ordering = ["name"]
    lookup_field = "slug"

    def get_queryset(self):
        return public_organisations()


class ActivityViewSet(OpenDataViewSet):
    """Monitoring activities, with the plan items they rest on as written and their figures."""

    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    ordering_fields = ["id", "number"]
    ordering = ["organisation__slug", "project_id", "number"]

    def get_queryset(self):
        return (
            MonitoringActivity.objects.filter(organisation__in=public_organisations())
            .select_related("organisation")
            .prefetch_related(
                Prefetch("references", queryset=_references()),
                "links",
            )
        )


def _references():
    return PlanReference.objects.select_related("plan")


class AssessmentViewSet(OpenDataViewSet):
    """Published civil-society assessments on the OGP IRM scales, with the executors' replies."""

    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    ordering_fields = ["id", "year", "published_at"]
    ordering = ["-published_at", "-id"]

    def get_queryset(self):
        return (
            public_assessments()
            .select_related("organisation", "measure__plan", "sub_item")
            .prefetch_related(Prefetch("replies", queryset=Reply.objects.select_related("agency")))
        )


class ReplyViewSet(OpenDataViewSet):
    """Executor agencies' replies to published assessments, with the organisations' answers."""

    serializer_class = ReplySerializer
    filterset_class = ReplyFilter
    ordering_fields = ["id", "created_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return public_replies().select_related("agency")
