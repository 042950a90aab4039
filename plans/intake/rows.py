"""Rows of a template file → items of a plan: priority, measure or sub-item, with their parent.

A number's depth says what a row is ("4" a priority, "4.1" a measure, "4.1.3" and deeper a
sub-item) and its prefix names the parent, unless the row names its parent in the parent
column. Every problem is an error at its row with the cell as written.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..deadlines import Deadline, read_deadline
from ..models import DeadlineKind
from .reader import CellError, Table

PRIORITY, MEASURE, SUB_ITEM = "priority", "measure", "sub_item"
_NUMBER = re.compile(r"^[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*$")
_TARGET = re.compile(r"^\s*((?:19|20)\d\d)\s*[:=]\s*(\S+)\s*$")
LIMITS = {"number": 20, "code": 40, "deadline": 100, "title": 10_000, "unit": 60}


@dataclass
class IndicatorSpec:
    text: str
    text_en: str = ""
    text_ru: str = ""
    unit: str = ""
    baseline: Decimal | None = None
    baseline_year: int | None = None
    targets: tuple[tuple[int, Decimal], ...] = ()

    def key(self) -> tuple:
        return (
            self.text,
            self.text_en,
            self.text_ru,
            self.unit,
            None if self.baseline is None else self.baseline.normalize(),
            self.baseline_year,
            tuple((year, value.normalize()) for year, value in self.targets),
        )


@dataclass
class Item:
    """One row of the file as a plan item, before it is compared with the database."""

    row: int
    kind: str
    number: str
    parent: str  # the parent's number ("" for a priority)
    code: str
    title: str
    title_en: str
    title_ru: str
    cells: dict[str, str]
    indicators: list[IndicatorSpec] = field(default_factory=list)
    executors_text: str = ""
    role_cells: dict[str, str] | None = None  # None: roles come from the executors text
    deadline_text: str = ""
    deadline: Deadline = field(default_factory=lambda: Deadline(DeadlineKind.UNKNOWN))
    start_year: int | None = None
    end_year: int | None = None
    depth: int = 1


def parse_items(table: Table) -> tuple[list[Item], list[CellError]]:
    """The file's rows as items, in file order, and every error at its row."""
    errors: list[CellError] = list(table.errors)
    headers = table.headers
    items: list[Item] = []
    by_number: dict[str, Item] = {}
    has_roles = any(key in headers for key in ("main", "co", "recommended"))

    def error(row: int, key: str, cell: str, message: str) -> None:
        errors.append(CellError(row, headers.get(key, key), cell, message))

    refused_rows = {error.row for error in table.errors}
    for row, cells in table.rows:
        if row in refused_rows:
            continue  # a formula or a value without a header: already an error at this row
        number = cells.get("number", "").strip().rstrip(".").strip()
        title = cells.get("title", "")
        bad = False
        if not number:
            error(row, "number", "", _("Every row needs a number."))
            bad = True
        elif not _NUMBER.match(number):
            error(row, "number", number, _('Not a number like "4", "4.1" or "4.1.3".'))
            bad = True
        if not title:
            error(row, "title", "", _("Every row needs a title."))
            bad = True
        for key, limit in LIMITS.items():
            value = number if key == "number" else cells.get(key, "")
            if len(value) > limit:
                error(
                    row, key, value[:80], _("Longer than %(limit)s characters.") % {"limit": limit}
                )
                bad = True
        if bad:
            continue
        if number in by_number:
            error(
                row,
                "number",
                number,
                _("Number %(number)s is already on row %(row)s.")
                % {"number": number, "row": by_number[number].row},
            )
            continue
        parts = number.split(".")
        item = Item(
            row=row,
            kind=PRIORITY,
            number=number,
            parent=cells.get("parent", "").strip().rstrip("."),
            code=cells.get("code", ""),
            title=title,
            title_en=cells.get("title_en", ""),
            title_ru=cells.get("title_ru", ""),
            cells=cells,
            executors_text=cells.get("executors", ""),
            deadline_text=cells.get("deadline", ""),
        )
        if not item.parent and len(parts) > 1:
            item.parent = ".".join(parts[:-1])
        if has_roles:
            item.role_cells = {role: cells.get(role, "") for role in ("main", "co", "recommended")}
        item.deadline = read_deadline(item.deadline_text)
        for key in ("start_year", "end_year"):
            value = cells.get(key, "")
            if value:
                if not re.fullmatch(r"(19|20)\d\d", value):
                    error(row, key, value, _("Not a year."))
                    bad = True
                else:
                    setattr(item, key, int(value))
        if item.start_year and item.end_year and item.start_year > item.end_year:
            error(row, "start_year", str(item.start_year), _("The first year is after the last."))
            bad = True
        indicators, indicator_errors = _indicators(cells)
        for key, cell, message in indicator_errors:
            error(row, key, cell, message)
        if bad or indicator_errors:
            continue
        item.indicators = indicators
        by_number[number] = item
        items.append(item)

    # Kinds and depths follow the parents: a row without a parent is a priority.
    placed: list[Item] = []
    for item in items:
        chain, current, seen = [], item, set()
        while current.parent and current.number not in seen:
            seen.add(current.number)
            parent = by_number.get(current.parent)
            if parent is None:
                break
            chain.append(parent)
            current = parent
        if current.parent:
            message = (
                _("Its parent %(parent)s is not in the file.")
                if current.parent not in by_number
                else _("Its parents go round in a circle.")
            )
            error(
                item.row,
                "parent" if "parent" in headers else "number",
                item.number,
                message % {"parent": current.parent},
            )
            continue
        item.depth = len(chain) + 1
        item.kind = PRIORITY if item.depth == 1 else MEASURE if item.depth == 2 else SUB_ITEM
        if item.kind == PRIORITY and not item.number.isdigit():
            error(item.row, "number", item.number, _("A priority's number is a whole number."))
            continue
        if item.kind == PRIORITY and (item.executors_text or item.indicators or item.deadline_text):
            error(
                item.row,
                "number",
                item.number,
                _(
                    "A priority has no executors, indicators or deadline: give them to its measures."  # noqa: E501
                ),
            )
            continue
        placed.append(item)
    return placed, errors


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n")] if text else []


def _indicators(cells: dict[str, str]) -> tuple[list[IndicatorSpec], list[tuple[str, str, str]]]:
    texts = [line for line in _lines(cells.get("indicator", "")) if line]
    errors: list[tuple[str, str, str]] = []
    # The other indicator columns go line by line with the indicator lines; blank lines kept.
    raw = _lines(cells.get("indicator", ""))
    positions = [index for index, line in enumerate(raw) if line]

    def parallel(key: str) -> list[str]:
        lines = _lines(cells.get(key, ""))
        if not lines:
            return [""] * len(texts)
        if len(lines) == len(raw):
            return [lines[index] for index in positions]
        if len(lines) <= len(texts):
            return lines + [""] * (len(texts) - len(lines))  # the first indicators' values
        errors.append((key, cells.get(key, ""), _("Give one line for each indicator line.")))
        return [""] * len(texts)

    columns = {
        key: parallel(key)
        for key in ("indicator_en", "indicator_ru", "unit", "baseline", "baseline_year", "targets")
    }
    specs = []
    for index, text in enumerate(texts):
        spec = IndicatorSpec(
            text=text,
            text_en=columns["indicator_en"][index],
            text_ru=columns["indicator_ru"][index],
            unit=columns["unit"][index],
        )
        baseline = columns["baseline"][index]
        if baseline:
            try:
                spec.baseline = Decimal(baseline.replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                errors.append(("baseline", baseline, _("Not a number.")))
        year = columns["baseline_year"][index]
        if year:
            if re.fullmatch(r"(19|20)\d\d", year):
                spec.baseline_year = int(year)
            else:
                errors.append(("baseline_year", year, _("Not a year.")))
        targets = columns["targets"][index]
        if targets:
            parsed = []
            for part in targets.split(";"):
                if not part.strip():
                    continue
                match = _TARGET.match(part)
                try:
                    value = Decimal(match.group(2).replace(",", ".")) if match else None
                except InvalidOperation:
                    value = None
                if value is None:
                    errors.append(("targets", targets, _('Write targets as "2023: 10; 2024: 20".')))
                    break
                parsed.append((int(match.group(1)), value))
            spec.targets = tuple(sorted(parsed))
        specs.append(spec)
    return specs, errors
