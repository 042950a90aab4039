"""CSV exports: UTF-8 with a BOM (so Excel reads Azerbaijani letters), RFC 4180 quoting."""

import csv
from collections.abc import Iterator
from typing import IO

from django.utils import translation
from django.utils.translation import gettext_lazy

from nap_portal.cells import csv_value

from .base import BaseExporter, TabularSource

BOM = "\ufeff"


class _Line:
    """A file-like object whose ``write`` hands back the line csv.writer formats."""

    def write(self, text: str) -> str:
        return text


def csv_lines(source: TabularSource, progress=None) -> Iterator[str]:
    """The header and every row of ``source`` as CSV lines (CRLF-terminated), BOM first."""
    writer = csv.writer(_Line(), dialect="excel", lineterminator="\r\n")
    yield BOM + writer.writerow([str(column.label) for column in source.columns()])
    for count, row in enumerate(source.rows(progress=progress), start=1):
        yield writer.writerow([csv_value(value) for value in row])
        if progress and count % 1000 == 0:
            progress(count, 0)


class CsvExporter(BaseExporter):
    extension = "csv"
    content_type = "text/csv; charset=utf-8"

    def write(self, out: IO[bytes]) -> None:
        for line in csv_lines(self.source, self.on_progress):
            out.write(line.encode("utf-8"))

    def chunks(self) -> Iterator[bytes]:
        """Streams row by row: a CSV needs no second pass."""
        with translation.override(self.language):
            buffer: list[str] = []
            size = 0
            for line in csv_lines(self.source):
                buffer.append(line)
                size += len(line)
                if size >= 32 * 1024:
                    yield "".join(buffer).encode("utf-8")
                    buffer, size = [], 0
            yield "".join(buffer).encode("utf-8")


class ConsolidatedCsv(CsvExporter):
    identifier = "consolidated-csv"
    verbose_name = gettext_lazy("Consolidated report (CSV)")
