"""Importer for a consolidated yearly report (seed 002).

The document holds a whole plan — priorities, measures, main and other executors — and,
per measure, the works done as paragraphs that start with the reporting agency's name and a
colon ("Ədliyyə Nazirliyi: …"). A paragraph without a known agency prefix continues the
previous agency's statement. Each agency statement becomes one published ProgressReport.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from agencies.registry import AgencyResolver
from plans.importers.base import (
    ImportReport,
    resolve_executors,
    save_measure,
    save_plan,
    save_priority,
    sync_assignments,
)
from plans.models import Plan

from .base import published_period, save_statement

_TITLE = re.compile(r"“(?P<title>.+?)”")
_YEARS = re.compile(r"(\d{4})\s*[–─—-]\s*(\d{4})")
_REPORT_YEAR = re.compile(r"(\d{4})-c[iı] il ərzində")
_PRIORITY = re.compile(r"^Prioritet\s+(\d+)\.\s*(.+)$")
_MEASURE = re.compile(r"^(\d+\.\d+)\.?$")
# "Name: text". A name is short; a longer run before the first colon is ordinary prose.
_PREFIX = re.compile(r"^(?P<name>[^:]{2,160}?)\s*:\s*(?P<text>.*)$", re.DOTALL)
_LOOKS_LIKE_NAME = re.compile(r"^[\"“«A-ZÇƏĞIİÖŞÜ]")


@dataclass
class Record:
    number: str
    line: int
    cells: list[str] = field(default_factory=list)


def split_records(lines: list[str], report: ImportReport):
    """Yield ``("priority", number, title)`` and ``("measure", Record)`` in document order.

    Each cell of the table starts with a tab; a line without one continues the cell above.
    """
    record: Record | None = None
    for index, line in enumerate(lines, start=1):
        if line.startswith("\t"):
            cell = line[1:].strip()
            if match := _PRIORITY.match(cell):
                if record:
                    yield "measure", record
                    record = None
                yield "priority", int(match.group(1)), match.group(2).strip()
                continue
            if match := _MEASURE.match(cell):
                if record:
                    yield "measure", record
                record = Record(number=match.group(1), line=index)
                continue
            if record is not None:
                record.cells.append(cell)
            continue
        if record is not None and record.cells:
            record.cells[-1] += "\n" + line
        elif line.strip() and index > 2:
            report.warn(f"line {index}", f"text outside the table, skipped: {line.strip()[:100]!r}")
    if record:
        yield "measure", record


def split_statements(
    text: str, resolver: AgencyResolver, compiler, where: str, report: ImportReport
) -> list[tuple[object, list[str]]]:
    """Group the works-done paragraphs into (agency, paragraphs), in document order.

    Text before any agency's statement is the compiler's note, kept under ``compiler``.
    """
    statements: list[tuple[object, list[str]]] = []
    for raw in text.split("\n"):
        paragraph = raw.strip()
        if not paragraph:
            continue
        match = _PREFIX.match(paragraph)
        agency = resolver.agency(match.group("name")) if match else None
        if agency is not None:
            statements.append((agency, [match.group("text").strip()]))
            continue
        if match and _LOOKS_LIKE_NAME.match(paragraph) and len(match.group("name")) <= 100:
            report.warn(
                where,
                f"paragraph starts with {match.group('name')!r}: which names no known agency; "
                "read as a continuation of the previous statement",
            )
        if not statements:
            report.warn(
                where,
                f"text that names no agency kept as the note of {compiler.name}: "
                f"{paragraph[:60]!r}",
            )
            statements.append((compiler, []))
        statements[-1][1].append(paragraph)
    return statements


@transaction.atomic
def import_consolidated_report(
    path: Path, *, slug: str, resolver: AgencyResolver, compiler, title_en: str = ""
) -> tuple[Plan, ImportReport]:
    report = ImportReport(source=path.name)
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    heading = " ".join(line.strip() for line in lines[:3])
    title_match, year_match = _TITLE.search(heading), _REPORT_YEAR.search(heading)
    if not title_match or not year_match:
        raise ValueError(f"{path.name}: no plan title or report year in the heading {heading!r}")
    # The PDF extraction writes the years' dash as a box-drawing "─"; the plan's title uses "–".
    title = title_match.group("title").replace("─", "–")
    years = _YEARS.search(title)
    plan = save_plan(
        slug=slug,
        title=title,
        start_year=int(years.group(1)),
        end_year=int(years.group(2)),
        title_en=title_en,
        report=report,
    )
    period = published_period(plan, int(year_match.group(1)), report)
    priority = None
    position = 0
    for item in split_records(lines, report):
        if item[0] == "priority":
            priority = save_priority(plan=plan, number=item[1], title=item[2], report=report)
            continue
        record = item[1]
        where = f"measure {record.number} (line {record.line})"
        if priority is None or len(record.cells) < 4:
            report.warn(where, f"incomplete row ({len(record.cells)} cells), skipped")
            continue
        title_cell, main_cell, other_cell, works = record.cells[:4]
        for extra in record.cells[4:]:
            works += "\n" + extra
        measure = save_measure(
            plan=plan,
            number=record.number,
            report=report,
            priority=priority,
            title=" ".join(title_cell.split()),
            indicator="",
            executors_text="\n".join(
                part for part in (_tidy(main_cell), _tidy(other_cell)) if part
            ),
            period_text="",
            start_year=plan.start_year,
            end_year=plan.end_year,
        )
        executors = resolve_executors(
            resolver, [(main_cell, "main"), (other_cell, "co")], where, report
        )
        sync_assignments(measure, executors, report)
        for agency, paragraphs in _merge(
            split_statements(works, resolver, compiler, where, report), where, report
        ):
            position += 1
            save_statement(
                measure=measure,
                agency=agency,
                period=period,
                works_done="\n".join(paragraphs),
                position=position,
                report=report,
            )
    return plan, report


def _merge(statements, where, report):
    """One report per agency and measure: a second statement by the same agency is appended."""
    merged: dict[int, tuple[object, list[str]]] = {}
    for agency, paragraphs in statements:
        if agency.pk in merged:
            report.warn(where, f"{agency.name} speaks twice; its statements are joined")
            merged[agency.pk][1].extend(paragraphs)
        else:
            merged[agency.pk] = (agency, list(paragraphs))
    return list(merged.values())


def _tidy(cell: str) -> str:
    """An executor cell on one line, as the document reads it."""
    return " ".join(cell.split())
