"""Excel exports: openpyxl in write-only mode, so rows stream to disk in bounded memory."""

from collections.abc import Iterable
from copy import copy
from typing import IO

from django.utils.translation import gettext, gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from nap_portal.cells import xlsx_value

from .base import BaseExporter, Column, Summary, TabularSource

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8EEF5")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
# Excel's own limit on a sheet name.
SHEET_NAME_LIMIT = 31


def text_cell(sheet: WriteOnlyWorksheet, value, style: StyleArray | None = None):
    """A cell whose value is cleaned; formula-like text is stored as text, never a formula.

    ``style`` is a prepared ``StyleArray`` (see ``column_style``): copying it is much cheaper
    than assigning an ``Alignment``, which openpyxl hashes and looks up for every cell.
    """
    value, formula_like = xlsx_value(value)
    cell = WriteOnlyCell(sheet, value)
    if style is not None:
        cell._style = copy(style)
    if formula_like:
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def column_style(sheet: WriteOnlyWorksheet, alignment: Alignment) -> StyleArray:
    prototype = WriteOnlyCell(sheet)
    prototype.alignment = alignment
    return prototype._style


def start_table(sheet: WriteOnlyWorksheet, columns: list[Column]) -> None:
    """Column widths, a frozen bold header row; call before the first data row."""
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, str(column.label))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, WRAP
        header.append(cell)
    sheet.append(header)


def write_table(
    sheet: WriteOnlyWorksheet, columns: list[Column], rows: Iterable[tuple], progress=None
) -> int:
    """Header, rows and an autofilter over them; returns the number of data rows."""
    start_table(sheet, columns)
    wrap, top = column_style(sheet, WRAP), column_style(sheet, TOP)
    styles = [wrap if column.wrap else top for column in columns]
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 — count is the result
        cells = zip(row, styles, strict=True)
        sheet.append([text_cell(sheet, value, style) for value, style in cells])
        if progress and count % 1000 == 0:
            progress(count, 0)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    return count


def write_summary(sheet: WriteOnlyWorksheet, summary: Summary) -> None:
    columns = [Column(summary.group_label, 12)]
    columns += [Column(label, 16) for _, label in summary.kinds]
    columns.append(Column(gettext("Total"), 10))
    rows = []
    totals = dict.fromkeys((key for key, _ in summary.kinds), 0)
    for group, counts in summary.counts.items():
        row = [counts.get(key, 0) for key, _ in summary.kinds]
        for key, _ in summary.kinds:
            totals[key] += counts.get(key, 0)
        rows.append((group, *row, sum(row)))
    rows.append((gettext("Total"), *totals.values(), sum(totals.values())))
    write_table(sheet, columns, rows)


def write_notes(sheet: WriteOnlyWorksheet, lines: list[str]) -> None:
    """One line of text per row in a wide first column, the first in bold (the title)."""
    sheet.column_dimensions["A"].width = 120
    for index, line in enumerate(lines):
        cell = text_cell(sheet, line)
        if index == 0:
            cell.font = HEADER_FONT
        sheet.append([cell])


def sheet_title(text: str) -> str:
    for char in "[]:*?/\\":
        text = text.replace(char, " ")
    return text[:SHEET_NAME_LIMIT]


def write_workbook(source: TabularSource, out: IO[bytes], sheet_name: str, progress=None) -> None:
    """The source's rows on one sheet, and its summary (if any) on a sheet before it."""
    workbook = Workbook(write_only=True)
    notes = source.notes() if hasattr(source, "notes") else []
    if notes:
        # What the file is, on the first tab: its title and the filters that made it.
        write_notes(workbook.create_sheet(sheet_title(gettext("About this file"))), notes)
    # Created before the data so it comes first; filled once the rows have been counted.
    summary_sheet = workbook.create_sheet(sheet_title(gettext("Summary")))
    data_sheet = workbook.create_sheet(sheet_title(sheet_name))
    write_table(data_sheet, source.columns(), source.rows(progress=progress), progress)
    if getattr(source, "annex", False):
        annex_sheet = workbook.create_sheet(sheet_title(gettext("Civil society")))
        write_table(annex_sheet, source.annex_columns(), source.annex_rows())
    summary = source.summary()
    if summary is None:
        workbook.remove(summary_sheet)
    else:
        write_summary(summary_sheet, summary)
    workbook.properties.title = source.title[:255]
    workbook.properties.creator = gettext("NAP Portal")
    workbook.save(out)


class ConsolidatedXlsx(BaseExporter):
    identifier = "consolidated-xlsx"
    verbose_name = gettext_lazy("Consolidated report (Excel)")
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, out: IO[bytes]) -> None:
        write_workbook(self.source, out, gettext("Reports"), self.on_progress)
