"""Importer for one agency's yearly report on a plan (seed 004).

Rows are tab-separated: item number, measure title, execution status text. A row with an
empty number continues the status text of the row above (a page break inside a cell). After
the table comes the signature: the signatory's position, name and the date.
"""

import datetime
import re
from pathlib import Path

from django.db import transaction

from agencies.models import Agency
from plans.importers.base import ImportReport
from plans.models import Measure, Plan

from .base import published_period, save_statement

_ITEM = re.compile(r"^(\d+(?:\.\d+)+)\.?$")
_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_SENTENCE_END = (".", "!", "?", ":", ";")


def _join(text: str, more: str) -> str:
    # A cell cut by a page break continues mid-sentence: join with a space, not a new paragraph.
    return f"{text}\n{more}" if text.endswith(_SENTENCE_END) else f"{text} {more}"


@transaction.atomic
def import_agency_report(path: Path, *, plan: Plan, agency: Agency, year: int) -> ImportReport:
    report = ImportReport(source=path.name)
    items: list[list] = []  # [number, line, status text]
    signature: list[str] = []
    for index, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        cells = [cell.strip() for cell in line.split("\t")]
        if len(cells) >= 3 and (match := _ITEM.match(cells[0])):
            items.append([match.group(1), index, cells[2]])
            signature = []
        elif len(cells) >= 3 and not cells[0] and items and cells[2]:
            items[-1][2] = _join(items[-1][2], cells[2])
        elif len(cells) == 1 and cells[0] and items:
            signature.append(cells[0])
    if not items:
        raise ValueError(f"{path.name}: no report rows found")
    name, position, signed_on = _read_signature(signature, report)
    period = published_period(plan, year, report)
    measures = {
        measure.number: measure for measure in plan.measures.prefetch_related("assignments")
    }
    for order, (number, line, text) in enumerate(items, start=1):
        measure: Measure | None = measures.get(number)
        if measure is None:
            report.warn(f"line {line}", f"item {number} is not a measure of {plan.slug}; skipped")
            continue
        if not _obliges(measure, agency):
            report.warn(
                f"line {line}", f"item {number} does not name {agency.name} or its category"
            )
        save_statement(
            measure=measure,
            agency=agency,
            period=period,
            works_done=text,
            position=order,
            report=report,
            signatory_name=name,
            signatory_position=position,
            signed_on=signed_on,
        )
    return report


def _obliges(measure: Measure, agency: Agency) -> bool:
    return any(
        assignment.agency_id == agency.pk or assignment.category_id == agency.category_id
        for assignment in measure.assignments.all()
    )


def _read_signature(lines: list[str], report: ImportReport):
    """Position lines, then the signatory's name, then the date."""
    date_index = next((i for i, line in enumerate(lines) if _DATE.search(line)), None)
    if date_index is None or date_index == 0:
        report.warn("signature", "no signatory and date found after the table")
        return "", "", None
    day, month, year = map(int, _DATE.search(lines[date_index]).groups())
    name = lines[date_index - 1]
    position = " ".join(" ".join(lines[: date_index - 1]).split()).rstrip(":")
    return name, position, datetime.date(year, month, day)
