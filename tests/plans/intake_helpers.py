"""Helpers of the plan intake tests: template files made by hand, and a plan's full picture."""

import csv
import io

from openpyxl import Workbook

from plans.models import Indicator, Plan, SubItem


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def _executors(obj) -> list[tuple]:
    return sorted(
        (a.role, a.agency.slug if a.agency else f"category:{a.category.code}")
        for a in obj.assignments.all()
    )


def _indicators(indicators) -> list[tuple]:
    return [
        (
            i.text,
            i.text_en,
            i.text_ru,
            i.unit,
            None if i.baseline is None else i.baseline.normalize(),
            i.baseline_year,
            [(t.year, t.value.normalize()) for t in i.targets.order_by("year")],
        )
        for i in indicators
    ]


def picture(plan: Plan) -> dict:
    """Every priority, measure, sub-item, executor with role, indicator and deadline of a plan."""
    priorities = [
        (p.number, p.code, p.title, p.title_en, p.title_ru)
        for p in plan.priorities.order_by("number")
    ]
    measures = []
    for m in plan.measures.order_by("sort_key"):
        measures.append(
            {
                "priority": m.priority.number,
                "fields": (m.number, m.code, m.title, m.title_en, m.title_ru, m.indicator),
                "executors_text": m.executors_text,
                "executors": _executors(m),
                "deadline": (
                    m.period_text,
                    m.start_year,
                    m.end_year,
                    m.deadline_kind,
                    m.deadline_part,
                ),
                "indicators": _indicators(
                    Indicator.objects.filter(measure=m, sub_item=None).order_by("position")
                ),
            }
        )
    sub_items = []
    for s in SubItem.objects.filter(measure__plan=plan).order_by("sort_key"):
        sub_items.append(
            {
                "measure": s.measure.number,
                "parent": s.parent.number if s.parent else None,
                "fields": (s.number, s.code, s.title, s.title_en, s.title_ru),
                "executors_text": s.executors_text,
                "executors": _executors(s),
                "deadline": (
                    s.period_text,
                    s.start_year,
                    s.end_year,
                    s.deadline_kind,
                    s.deadline_part,
                ),
                "indicators": _indicators(s.indicators.order_by("position")),
            }
        )
    return {"priorities": priorities, "measures": measures, "sub_items": sub_items}
