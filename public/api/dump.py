"""One plan's whole open data in one file, for people who want everything at once."""

from rest_framework import serializers

from plans.models import Measure
from public.api.report_serializers import ReportSerializer
from public.api.reports import open_data_reports

from .plan_serializers import MeasureSerializer, PlanSerializer, PrioritySerializer, with_parts


class PlanDumpSerializer(serializers.Serializer):
    """The shape of a plan's dump (documentation only: dump_plan builds it)."""

    plan = PlanSerializer(help_text="The plan.")
    priorities = PrioritySerializer(many=True, help_text="Its priorities, in order.")
    measures = MeasureSerializer(many=True, help_text="Its measures with executors, in order.")
    reports = ReportSerializer(many=True, help_text="Every published report on its measures.")


def dump_plan(plan, request, *, csv: bool):
    """The plan's data as one JSON object, or as flat rows (one per report) for CSV."""
    context = {"request": request}
    measures = list(with_parts(Measure.objects.filter(plan=plan).with_executors().in_order()))
    reports = list(
        open_data_reports()
        .filter(measure__plan=plan)
        .order_by("measure__sort_key", "-period__year", "position", "id")
    )
    if not csv:
        priorities = plan.priorities.select_related("plan").order_by("number")
        return {
            "plan": PlanSerializer(plan, context=context).data,
            "priorities": PrioritySerializer(priorities, many=True, context=context).data,
            "measures": MeasureSerializer(measures, many=True, context=context).data,
            "reports": ReportSerializer(reports, many=True, context=context).data,
        }
    by_measure: dict[int, list] = {}
    for report in ReportSerializer(reports, many=True, context=context).data:
        by_measure.setdefault(report["measure"], []).append(report)
    report_columns = [
        "year",
        "agency",
        "agency_name",
        "status",
        "works_done",
        "signatory_name",
        "signatory_position",
        "signed_on",
        "published_at",
    ]
    rows = []
    for report in by_measure.values():
        for item in report:
            # Nested lists as one cell each: "indicator id=value" and "number status: text".
            item["indicator_values"] = "; ".join(
                f"{v['indicator']}={v['value']}" for v in item["indicator_values"]
            )
            item["sub_items"] = "; ".join(
                f"{line['number']} {line['status']}".strip()
                + (f": {line['text']}" if line["text"] else "")
                for line in item["sub_items"]
            )
    report_columns += ["indicator_values", "sub_items"]
    for measure in MeasureSerializer(measures, many=True, context=context).data:
        row = {
            "plan": plan.slug,
            "priority": measure["priority"],
            "measure": measure["number"],
            "title": measure["title"],
            "indicator": measure["indicator"],
            "executors": measure["executors"],
            "period": measure["period_text"],
            "start_year": measure["start_year"],
            "end_year": measure["end_year"],
            "measure_url": measure["url"],
        }
        for report in by_measure.get(measure["id"], [None]):
            rows.append(
                {
                    **row,
                    **{
                        f"report_{column}": (report or {}).get(column, "")
                        for column in report_columns
                    },
                }
            )
    return rows
