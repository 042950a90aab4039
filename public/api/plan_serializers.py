"""Plans, priorities, measures and their executors as the open-data API shows them."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from nap_portal.api.fields import absolute, described
from plans.models import Assignment, Measure, Plan, Priority


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
