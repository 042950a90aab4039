"""Plans, priorities, measures and their executors as the open-data API shows them."""

from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nap_portal.api.fields import absolute, described
from plans.models import (
    Assignment,
    Indicator,
    IndicatorTarget,
    Measure,
    Plan,
    Priority,
    SubItem,
    SubItemAssignment,
)


class PlanSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The plan's public status board.")
    dump_url = serializers.SerializerMethodField(
        help_text="Everything about the plan in one file: JSON here, CSV with ?format=csv."
    )

    class Meta:
        model = Plan
        fields = [
            "slug",
            "title",
            "title_en",
            "start_year",
            "end_year",
            "status",
            "description",
            "adopting_act",
            "url",
            "dump_url",
        ]
        extra_kwargs = described(
            slug="Stable identifier of the plan, used in its URLs.",
            title="Official Azerbaijani title.",
            title_en="English title; may be empty.",
            start_year="First year of the plan.",
            end_year="Last year of the plan.",
            status="active: being implemented; completed: its period is over.",
            description="The plan's preamble.",
            adopting_act="The act that adopted the plan.",
        )

    def get_url(self, plan: Plan) -> str:
        return absolute(self.context.get("request"), plan.get_absolute_url())

    def get_dump_url(self, plan: Plan) -> str:
        return absolute(self.context.get("request"), reverse("api:plan-dump", args=[plan.slug]))


class PrioritySerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the plan."
    )
    url = serializers.SerializerMethodField(help_text="The priority on the plan's public board.")

    class Meta:
        model = Priority
        fields = ["id", "plan", "number", "title", "url"]
        extra_kwargs = described(
            id="Stable identifier of the priority.",
            number="Number of the priority within its plan.",
            title="Official Azerbaijani title.",
        )

    def get_url(self, priority: Priority) -> str:
        path = reverse("plans:board", args=[priority.plan.slug]) + f"#priority-{priority.number}"
        return absolute(self.context.get("request"), path)


class ExecutorSerializer(serializers.ModelSerializer):
    """One executor of a measure: an agency, or a whole category of agencies."""

    agency = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the agency; null for a category.",
    )
    category = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text="Code of the category, every active agency of which executes; null for "
        "an agency.",
    )
    name = serializers.SerializerMethodField(help_text="Name of the agency or category.")

    class Meta:
        model = Assignment
        fields = ["role", "agency", "category", "name"]
        extra_kwargs = described(
            role="main: main executor; co: other executor; recommended: a body the "
            "government recommends, but cannot order, to act.",
        )

    def get_name(self, assignment: Assignment) -> str:
        return assignment.executor.name


def with_parts(measures):
    """Measures with what ``MeasureSerializer`` reads of their sub-items and indicators, in
    five queries whatever their number. (Explicit orders: IndicatorTarget's Meta.ordering,
    through Indicator's, loops in Django.)"""
    return measures.prefetch_related(
        Prefetch(
            "sub_items",
            SubItem.objects.order_by("sort_key").prefetch_related(
                Prefetch(
                    "assignments",
                    SubItemAssignment.objects.select_related("agency", "category").order_by(
                        "position"
                    ),
                )
            ),
        ),
        Prefetch(
            "indicators",
            Indicator.objects.order_by("position", "pk").prefetch_related(
                Prefetch("targets", IndicatorTarget.objects.order_by("year"))
            ),
        ),
    )


class SubItemExecutorSerializer(ExecutorSerializer):
    class Meta(ExecutorSerializer.Meta):
        model = SubItemAssignment


class SubItemSerializer(serializers.ModelSerializer):
    """A sub-item (milestone) of a measure; ``parent`` nests them to any depth."""

    parent = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="Identifier of the parent sub-item; null."
    )
    executors = SubItemExecutorSerializer(
        source="assignments", many=True, read_only=True, help_text="Who executes the sub-item."
    )

    class Meta:
        model = SubItem
        fields = [
            "id",
            "parent",
            "number",
            "code",
            "title",
            "title_en",
            "executors",
            "executors_text",
            "period_text",
            "start_year",
            "end_year",
            "deadline_kind",
            "deadline_part",
        ]
        extra_kwargs = described(
            id="Stable identifier of the sub-item.",
            number='Number as the plan writes it, e.g. "4.1.3".',
            code='Stable code of the plan, e.g. "C01.1.2"; may be empty.',
            title="Official Azerbaijani text.",
            title_en="English text; may be empty.",
            executors_text="The executor cell as written.",
            period_text='Deadline as written, e.g. "IV rüb 2021" or "Ongoing".',
            start_year="First year read from the deadline; null when not read.",
            end_year="Last year read from the deadline; null when not read.",
            deadline_kind="What the portal read from the deadline: years, quarter, month, "
            "season, annual, ongoing or unknown.",
            deadline_part="The quarter, month or season of the last year; null.",
        )


class IndicatorTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["year", "value"]
        extra_kwargs = described(year="The year.", value="The target for that year.")


class IndicatorSerializer(serializers.ModelSerializer):
    """An evaluation indicator as written; numeric when it has a unit or a baseline."""

    sub_item = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The sub-item it measures; null."
    )
    is_numeric = serializers.BooleanField(
        read_only=True, help_text="Agencies report the value it reached each year."
    )
    targets = IndicatorTargetSerializer(many=True, read_only=True, help_text="Targets by year.")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "sub_item",
            "text",
            "text_en",
            "unit",
            "baseline",
            "baseline_year",
            "is_numeric",
            "targets",
        ]
        extra_kwargs = described(
            id="Stable identifier of the indicator.",
            text="The indicator as the plan writes it.",
            text_en="English text; may be empty.",
            unit="Unit of a numeric indicator; may be empty.",
            baseline="Baseline value; may be null.",
            baseline_year="Year of the baseline; may be null.",
        )


class MeasureSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the plan."
    )
    priority = serializers.SlugRelatedField(
        slug_field="number", read_only=True, help_text="Number of the priority in its plan."
    )
    executors = serializers.SerializerMethodField(
        help_text="Who executes the measure, in the order the plan names them."
    )
    url = serializers.SerializerMethodField(help_text="The measure's public page.")
    sub_items = SubItemSerializer(
        many=True, read_only=True, help_text="Sub-items (milestones), by number."
    )
    indicators = IndicatorSerializer(
        many=True, read_only=True, help_text="Evaluation indicators, in the plan's order."
    )

    class Meta:
        model = Measure
        fields = [
            "id",
            "plan",
            "priority",
            "number",
            "title",
            "indicator",
            "executors",
            "executors_text",
            "period_text",
            "start_year",
            "end_year",
            "url",
            "sub_items",
            "indicators",
        ]
        extra_kwargs = described(
            id="Stable identifier of the measure.",
            number='Number as the plan writes it, e.g. "2.11".',
            title="Official Azerbaijani text of the measure.",
            indicator="Evaluation indicator; may be empty.",
            executors_text="The executor cell of the source document, verbatim.",
            period_text='Execution period as written, e.g. "2020–2022".',
            start_year="First year of the execution period.",
            end_year="Last year of the execution period.",
        )

    @extend_schema_field(ExecutorSerializer(many=True))
    def get_executors(self, measure: Measure) -> list[dict]:
        return ExecutorSerializer(measure.assignments.all(), many=True).data

    def get_url(self, measure: Measure) -> str:
        return absolute(self.context.get("request"), measure.get_absolute_url())
