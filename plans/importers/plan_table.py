"""Importer for a plan's official table (seed 000): sections, measures, executors, periods.

Each row is tab-separated: number, title, evaluation indicator, executors, period. The text
comes from a PDF and keeps its flaws: page headers repeated mid-table, "(əvvəli 4-cü
səhifədə)" notes, a cell shifted into the wrong column. Nothing is dropped silently: every line
that is neither data nor known page noise is reported.
"""

import re
from pathlib import Path

from django.db import transaction

from agencies.registry import AgencyResolver
from operations.publication import bump

from ..models import Plan
from .base import (
    ImportReport,
    resolve_executors,
    save_measure,
    save_plan,
    save_priority,
    sync_assignments,
)
from .page_breaks import join_split_words

_YEARS = re.compile(r"(\d{4})\s*[–─—-]\s*(\d{4})")
_SECTION = re.compile(r"^(\d+)\.\s+(\S.*)$")
_MEASURE = re.compile(r"^(\d+(?:\.\d+)+)\.?$")
_CONTINUED = re.compile(r"^\(əvvəli .*\)$")
_PERIOD = re.compile(r"^(\d{4})(?:\s*[–─—-]\s*(\d{4}))?$")


def parse_period(text: str) -> tuple[int, int] | None:
    match = _PERIOD.match(text.strip())
    if not match:
        return None
    start = int(match.group(1))
    return start, int(match.group(2) or start)


def read_description(path: Path, title: str) -> str:
    """The plan's preamble (seed 003), without its repeated title line, with the words a page
    break split joined again."""
    paragraphs = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    paragraphs = join_split_words([line for line in paragraphs if line])
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


@transaction.atomic
def import_plan_table(
    path: Path,
    *,
    slug: str,
    resolver: AgencyResolver,
    description_path: Path | None = None,
    title_en: str = "",
) -> tuple[Plan, ImportReport]:
    report = ImportReport(source=path.name)
    lines = path.read_text(encoding="utf-8").splitlines()
    title = next(line.strip() for line in lines if line.strip())
    years = _YEARS.search(title)
    if not years:
        raise ValueError(f"{path.name}: the plan title {title!r} names no years")
    extra = {"title_en": title_en}
    if description_path is not None:
        extra["description"] = read_description(description_path, title)
    plan = save_plan(
        slug=slug,
        title=title,
        start_year=int(years.group(1)),
        end_year=int(years.group(2)),
        report=report,
        **extra,
    )
    priority = None
    for number, line in enumerate(lines, start=1):
        cells = [cell.strip() for cell in line.split("\t")]
        first = cells[0]
        rest = [cell for cell in cells[1:] if cell]
        where = f"line {number}"
        if not first and not rest:
            continue
        if first == title or _CONTINUED.match(first) or first.startswith("Nº"):
            continue  # page header noise and the table's header row
        if (match := _MEASURE.match(first)) and len(cells) >= 5:
            if priority is None:
                report.warn(where, f"measure {match.group(1)} before any section; skipped")
                continue
            _import_row(plan, priority, match.group(1), cells, where, resolver, report)
            continue
        if (match := _SECTION.match(first)) and not rest:
            priority = save_priority(
                plan=plan, number=int(match.group(1)), title=match.group(2), report=report
            )
            continue
        report.warn(where, f"line not understood, skipped: {line.strip()[:120]!r}")
    bump(f"plan imported: {slug}")
    return plan, report


def _import_row(plan, priority, number, cells, where, resolver, report) -> None:
    title, indicator, executors_text, period_text = cells[1], cells[2], cells[3], cells[4]
    years = parse_period(period_text)
    if years is None:
        report.warn(
            where, f"measure {number}: period {period_text!r} not understood; plan years used"
        )
        years = (plan.start_year, plan.end_year)
    measure = save_measure(
        plan=plan,
        number=number,
        report=report,
        priority=priority,
        title=title,
        indicator=indicator,
        executors_text=executors_text,
        period_text=period_text,
        start_year=years[0],
        end_year=years[1],
    )
    if executors_text == indicator:
        # Item 2.12 of the 2020–2022 plan: the PDF repeats the indicator in the executor column.
        report.warn(
            where,
            f"measure {number}: the executor cell repeats the indicator (a shifted cell); "
            "no executors assigned — add them in the admin",
        )
        sync_assignments(measure, [], report)
        return
    executors = resolve_executors(resolver, [(executors_text, "main")], f"measure {number}", report)
    sync_assignments(measure, executors, report)
