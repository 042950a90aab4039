"""One plan's whole open data in one file, for people who want everything at once."""

import csv
from collections.abc import Iterator

from rest_framework import serializers
from rest_framework.utils.encoders import JSONEncoder

from nap_portal.api.renderers import flatten
from nap_portal.cells import csv_value
from plans.models import Measure
from public.api.report_serializers import ReportSerializer
from public.api.reports import open_data_reports

from .plan_serializers import MeasureSerializer, PlanSerializer, PrioritySerializer, with_parts


class PlanDumpSerializer(serializers.Serializer):
    """The shape of a plan's dump (documentation only: dump_chunks writes it)."""

    plan = PlanSerializer(help_text="The plan.")
    priorities = PrioritySerializer(many=True, help_text="Its priorities, in order.")
    measures = MeasureSerializer(many=True, help_text="Its measures with executors, in order.")
    reports = ReportSerializer(many=True, help_text="Every published report on its measures.")


REPORT_COLUMNS = [
    "year",
    "agency",
    "agency_name",
    "status",
    "works_done",
    "signatory_name",
    "signatory_position",
    "signed_on",
    "published_at",
    # Nested lists as one cell each: "indicator id=value" and "number status: text".
    "indicator_values",
    "sub_items",
]
# Rows per round trip to the database, and bytes per chunk sent.
MEASURE_CHUNK = 500
REPORT_CHUNK = 2000
SEND_BYTES = 64 * 1024


def dump_size(plan) -> int:
    """The dump's size in rows (published reports and measures), in one query each: what the
    size-aware limit (public.documents) compares."""
    return open_data_reports().filter(measure__plan=plan).count() + plan.measures.count()


def _measures(plan):
    # with_parts: the sub-items and indicators the serializer reads, prefetched per chunk.
    return with_parts(
        Measure.objects.filter(plan=plan).with_executors().order_by("sort_key", "id")
    ).iterator(chunk_size=MEASURE_CHUNK)


def _reports(plan, *order):
    return (
        open_data_reports()
        .filter(measure__plan=plan)
        .order_by(*order)
        .iterator(chunk_size=REPORT_CHUNK)
    )


def dump_chunks(plan, request, *, csv: bool) -> Iterator[bytes]:
    """The plan's dump in chunks of about 64 KB, read from the database in chunks: one JSON
    object (plan, priorities, measures, reports) or CSV rows (one per report; a measure
    without one has a row with the report columns empty). Memory stays flat at any size."""
    parts = _csv_parts(plan, request) if csv else _json_parts(plan, request)
    buffer: list[bytes] = []
    size = 0
    for part in parts:
        buffer.append(part)
        size += len(part)
        if size >= SEND_BYTES:
            yield b"".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield b"".join(buffer)


def _encoder():
    # As DRF's JSONRenderer writes with the default settings: compact, UTF-8 text as is.
    return JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _json_parts(plan, request) -> Iterator[bytes]:
    context = {"request": request}
    encode = _encoder().encode
    priorities = plan.priorities.select_related("plan").order_by("number")
    yield b'{"plan":' + encode(PlanSerializer(plan, context=context).data).encode()
    yield b',"priorities":'
    yield encode(PrioritySerializer(priorities, many=True, context=context).data).encode()
    yield b',"measures":['
    # One serializer for every row, as ``many=True`` does: building one per row costs more
    # than the row itself.
    measure_fields = MeasureSerializer(context=context)
    for index, measure in enumerate(_measures(plan)):
        data = measure_fields.to_representation(measure)
        yield (b"," if index else b"") + encode(data).encode()
    yield b'],"reports":['
    order = ("measure__sort_key", "-period__year", "position", "id")
    report_fields = ReportSerializer(context=context)
    for index, report in enumerate(_reports(plan, *order)):
        data = report_fields.to_representation(report)
        yield (b"," if index else b"") + encode(data).encode()
    yield b"]}"


def _flat_parts(report: dict) -> dict:
    """A report's indicator values and sub-item lines as one text cell each."""
    report["indicator_values"] = "; ".join(
        f"{v['indicator']}={v['value']}" for v in report["indicator_values"]
    )
    report["sub_items"] = "; ".join(
        f"{line['number']} {line['status']}".strip() + (f": {line['text']}" if line["text"] else "")
        for line in report["sub_items"]
    )
    return report


def _csv_parts(plan, request) -> Iterator[bytes]:
    context = {"request": request}
    order = ("measure__sort_key", "measure_id", "-period__year", "position", "id")
    reports = _reports(plan, *order)
    pending = next(reports, None)
    writer = csv.writer(_Line())
    header = None
    measure_fields = MeasureSerializer(context=context)
    report_fields = ReportSerializer(context=context)
    for measure in _measures(plan):
        statements = []
        while pending is not None and pending.measure_id == measure.pk:
            statements.append(_flat_parts(report_fields.to_representation(pending)))
            pending = next(reports, None)
        data = measure_fields.to_representation(measure)
        row = {
            "plan": plan.slug,
            "priority": data["priority"],
            "measure": data["number"],
            "title": data["title"],
            "indicator": data["indicator"],
            "executors": data["executors"],
            "period": data["period_text"],
            "start_year": data["start_year"],
            "end_year": data["end_year"],
            "measure_url": data["url"],
        }
        for report in statements or [None]:
            flat = flatten(
                {**row, **{f"report_{c}": (report or {}).get(c, "") for c in REPORT_COLUMNS}}
            )
            if header is None:
                header = list(flat)
                yield ("\ufeff" + writer.writerow(header)).encode("utf-8")
            yield writer.writerow([csv_value(flat[name]) for name in header]).encode("utf-8")
    if header is None:
        yield "\ufeff".encode()


class _Line:
    """A file-like object whose ``write`` hands back the line csv.writer formats."""

    def write(self, text: str) -> str:
        return text
