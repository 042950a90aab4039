"""The public board as a file: exactly the measures the board shows for a query string.

Rows come from ``public.board.board_measures(plan, filters)`` — the board's own queryset — with
the filters parsed by ``BoardFilters.for_plan`` as the board parses them; only paging is
left out, so a download holds every page of the filtered board.
"""

from collections.abc import Iterator
from functools import cached_property
from typing import IO

from django.utils.translation import gettext, gettext_lazy, pgettext

from plans.models import Assignment, Plan
from plans.status import BUCKETS, OVERDUE, BoardStatus, bucket

from ..board import BoardFilters, board_measures, filters_line, roll_up, year_rolled_up_ranks
from ..selectors import public_agencies
from .base import BaseExporter, Column, Summary
from .csv import CsvExporter
from .sources import executor_names
from .xlsx import write_workbook


def board_filters(plan: Plan, params) -> BoardFilters:
    """``params`` (request.GET) parsed exactly as the board view parses them."""
    return BoardFilters.for_plan(plan, params)


class BoardTable:
    """The filtered board of one plan for the filters' year."""

    def __init__(self, plan: Plan, filters: BoardFilters) -> None:
        self.plan = plan
        self.filters = filters
        self.year = filters.year

    @property
    def title(self) -> str:
        title = gettext("%(plan)s — measures and their status in %(year)s") % {
            "plan": self.plan.title,
            "year": self.year,
        }
        if self.filters.provisional:
            # A year still being filed: the file must say so wherever it travels.
            title += " " + gettext("(provisional: agencies are still reporting for this year)")
        return title

    @cached_property
    def filters_text(self) -> str:
        """ "Filters: …" in words, as the board's chips say them (two queries)."""
        agency = None
        if self.filters.agency:
            agency = public_agencies().filter(slug=self.filters.agency).first()
        priorities = list(self.plan.priorities.all()) if self.filters.priority else []
        return filters_line(self.filters, priorities, agency)

    def notes(self) -> list[str]:
        """What the file is, for its first page: the title, the filters, the source."""
        return [self.title, self.filters_text]

    def file_stem(self) -> str:
        name = pgettext("file name", "board")
        return f"{self.plan.slug}_{name}_{self.year}"

    def measures(self):
        # The status with the sub-items' roll-up (plans.status), as the board shows it.
        rolled = year_rolled_up_ranks(self.plan, self.year)
        return roll_up(board_measures(self.plan, self.filters, rolled), rolled)

    def columns(self) -> list[Column]:
        columns = [
            Column(gettext("No."), 8),
            Column(gettext("Priority"), 10),
            Column(gettext("Measure"), 60, wrap=True),
            Column(gettext("Evaluation indicator"), 45, wrap=True),
            Column(gettext("Execution period"), 12),
            Column(gettext("Main executor"), 30, wrap=True),
            Column(gettext("Other executors"), 30, wrap=True),
            Column(gettext("Recommended"), 30, wrap=True),
            Column(gettext("Status in %(year)s") % {"year": self.year}, 20),
            Column(gettext("Overdue"), 10),
        ]
        return columns

    def rows(self, progress=None) -> Iterator[tuple]:
        labels = dict(BoardStatus.choices)
        self._summary = Summary(
            gettext("Priority"), [(key, str(label)) for key, label in BUCKETS], {}
        )
        yes, no = gettext("yes"), gettext("no")
        for measure in self.measures():
            names = executor_names(measure)
            self._summary.add(
                str(measure.priority.number), bucket(measure.board_status, measure.overdue)
            )
            yield (
                measure.number,
                measure.priority.number,
                measure.title,
                measure.indicator,
                measure.period_text or f"{measure.start_year}–{measure.end_year}",
                ", ".join(names[Assignment.Role.MAIN]),
                ", ".join(names[Assignment.Role.CO]),
                ", ".join(names[Assignment.Role.RECOMMENDED]),
                str(labels.get(measure.board_status, measure.board_status)),
                yes if measure.overdue else no,
            )

    def summary(self) -> Summary:
        """Measures per priority in each board bucket ("overdue" counted as on the board)."""
        return self._summary


class FilterNoted:
    """A filtered board for CSV: its header row says the filters in a last column whose every
    cell repeats them.

    The choice, over a comment line before the header: CSV has no comments, so a "# Filters"
    line becomes a bogus first record or header in Excel, Python's csv module, R and pandas.
    A last column keeps the file one rectangular table any reader parses, and a row copied
    elsewhere keeps its provenance. An unfiltered board has no such column, so its shape is
    the one it always had.
    """

    def __init__(self, table: BoardTable) -> None:
        self.table = table
        self.title = table.title

    def file_stem(self) -> str:
        return self.table.file_stem()

    def summary(self):
        return self.table.summary()

    def columns(self) -> list[Column]:
        columns = self.table.columns()
        if self.table.filters.is_filtered:
            columns.append(Column(self.table.filters_text, 40, wrap=True))
        return columns

    def rows(self, progress=None) -> Iterator[tuple]:
        note = (self.table.filters_text,) if self.table.filters.is_filtered else ()
        for row in self.table.rows(progress):
            yield (*row, *note)


class BoardCsv(CsvExporter):
    identifier = "board-csv"
    verbose_name = gettext_lazy("Board (CSV)")

    def __init__(self, source, **kwargs) -> None:
        super().__init__(FilterNoted(source), **kwargs)


class BoardXlsx(BaseExporter):
    identifier = "board-xlsx"
    verbose_name = gettext_lazy("Board (Excel)")
    extension = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def write(self, out: IO[bytes]) -> None:
        write_workbook(self.source, out, gettext("Measures"), self.on_progress)


class BoardPdf(BaseExporter):
    identifier = "board-pdf"
    verbose_name = gettext_lazy("Board (PDF)")
    extension = "pdf"
    content_type = "application/pdf"

    def write(self, out: IO[bytes]) -> None:
        from .pdf import render_pdf  # lazy: WeasyPrint loads on the first PDF only

        table = self.source
        context = {
            "title": table.title,
            "running_title": table.plan.title,
            "filters": table.filters_text,
            "columns": table.columns(),
            "rows": list(table.rows()),
            "overdue": OVERDUE,
            "generated_on": self.today,
            "landscape": True,
        }
        render_pdf(
            "reports/pdf/board.html",
            context,
            out,
            language=self.language,
            progress=self.on_progress,
        )
