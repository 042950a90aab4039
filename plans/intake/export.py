"""Any plan written to the import template (XLSX or CSV): the same columns, one row per item.

Executors go both as written (the executors column) and per role, one name a line, so that
importing the file gives the same plan (the roles come from the role columns).
"""

import csv
import io
from collections.abc import Callable, Iterator

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from nap_portal.cells import clean_text, neutralise_formula

from ..models import Indicator, Plan, SubItem
from .engine import TARGETS
from .template import COLUMNS, EXAMPLE, PRIORITY_EXAMPLE

ROLE_KEYS = {"main": "main", "co": "co", "recommended": "recommended"}


def _number(value) -> str:
    text = format(value.normalize(), "f")
    return text


def _indicator_cells(indicators: list[Indicator]) -> dict[str, str]:
    if not indicators:
        return {}

    def lines(values) -> str:
        values = list(values)
        return "\n".join(values) if any(values) else ""

    return {
        "indicator": "\n".join(i.text for i in indicators),
        "indicator_en": lines(i.text_en for i in indicators),
        "indicator_ru": lines(i.text_ru for i in indicators),
        "unit": lines(i.unit for i in indicators),
        "baseline": lines("" if i.baseline is None else _number(i.baseline) for i in indicators),
        "baseline_year": lines(str(i.baseline_year or "") for i in indicators),
        "targets": lines(
            "; ".join(f"{t.year}: {_number(t.value)}" for t in i.targets.all()) for i in indicators
        ),
    }


def _item_cells(obj, indicators: list[Indicator]) -> dict[str, str]:
    cells = {
        "number": obj.number,
        "code": obj.code,
        "title": obj.title,
        "title_en": obj.title_en,
        "title_ru": obj.title_ru,
        "executors": obj.executors_text,
        "deadline": obj.period_text,
        "start_year": str(obj.start_year or ""),
        "end_year": str(obj.end_year or ""),
        **_indicator_cells(indicators),
    }
    for role in ROLE_KEYS:
        cells[role] = "\n".join(
            (a.agency or a.category).name for a in obj.assignments.all() if a.role == role
        )
    return cells


def plan_rows(plan: Plan, progress: Callable[[int, int], None] | None = None) -> Iterator[dict]:
    """The plan's items as template rows {column key: text}, in reading order."""
    measures = list(
        plan.measures.in_order()
        .select_related("priority")
        .prefetch_related("assignments__agency", "assignments__category")
    )
    sub_items: dict[int, list[SubItem]] = {}
    for sub_item in (
        SubItem.objects.filter(measure__plan=plan)
        .order_by("sort_key")
        .select_related("parent")
        .prefetch_related("assignments__agency", "assignments__category")
    ):
        sub_items.setdefault(sub_item.measure_id, []).append(sub_item)
    indicators: dict[tuple, list[Indicator]] = {}
    for indicator in (
        Indicator.objects.filter(measure__plan=plan)
        .order_by("measure_id", "sub_item_id", "position")
        .prefetch_related(TARGETS)
    ):
        key = ("s", indicator.sub_item_id) if indicator.sub_item_id else ("m", indicator.measure_id)
        indicators.setdefault(key, []).append(indicator)
    by_priority: dict[int, list] = {}
    for measure in measures:
        by_priority.setdefault(measure.priority_id, []).append(measure)
    total, done = len(measures), 0
    for priority in plan.priorities.order_by("number"):
        yield {
            "number": str(priority.number),
            "code": priority.code,
            "title": priority.title,
            "title_en": priority.title_en,
            "title_ru": priority.title_ru,
        }
        for measure in by_priority.get(priority.pk, []):
            yield _item_cells(measure, indicators.get(("m", measure.pk), []))
            for sub_item in sub_items.get(measure.pk, []):
                cells = _item_cells(sub_item, indicators.get(("s", sub_item.pk), []))
                if sub_item.parent_id and not sub_item.number.startswith(
                    sub_item.parent.number + "."
                ):
                    cells["parent"] = sub_item.parent.number
                elif not sub_item.parent_id and not sub_item.number.startswith(
                    measure.number + "."
                ):
                    cells["parent"] = measure.number
                yield cells
            done += 1
            if progress:
                progress(done, total)


def _xlsx(rows: Iterator[dict]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Plan")
    widths = {"number": 10, "title": 60, "indicator": 40, "executors": 40, "deadline": 18}
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column.key, 16)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column.az)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in COLUMNS:
            value = neutralise_formula(clean_text(row.get(column.key, "") or ""))
            cell = WriteOnlyCell(sheet, value=value or None)
            if value:
                cell.data_type = "s"  # text as text: never a formula, never a number
                cell.alignment = wrap
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(rows: Iterator[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.az for column in COLUMNS])
    for row in rows:
        writer.writerow([neutralise_formula(row.get(column.key, "") or "") for column in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_plan(plan: Plan, fmt: str, progress=None) -> tuple[str, str, bytes]:
    """``(filename, content_type, bytes)`` of the plan in the template, ``fmt`` xlsx or csv."""
    rows = plan_rows(plan, progress)
    return _render(f"{plan.slug}", fmt, rows)


def template_file(fmt: str) -> tuple[str, str, bytes]:
    """The empty template with its headers and one example priority and measure."""
    return _render("plan-template", fmt, iter([PRIORITY_EXAMPLE, EXAMPLE]))


def _render(stem: str, fmt: str, rows) -> tuple[str, str, bytes]:
    if fmt == "xlsx":
        return (
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _xlsx(rows),
        )
    if fmt == "csv":
        return f"{stem}.csv", "text/csv; charset=utf-8", _csv(rows)
    raise ValueError(f"unknown format {fmt!r}")
