"""Reading a template file: XLSX (openpyxl, read-only, streamed) or CSV (encoding and
delimiter sniffed) into numbered rows of text cells keyed by column.

Every refusal is a ``FileRefused`` with a message for the officer; nothing is read past the
size limit, and a cell holding a formula is an error at its row.
"""

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from nap_portal.cells import looks_like_formula

from .template import COLUMNS, REQUIRED, column_key

MAX_BYTES = getattr(settings, "PLAN_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
MAX_ROWS = 50_000
ENCODINGS = ("utf-8-sig", "utf-16", "cp1251", "cp1254")


class FileRefused(Exception):
    """The whole file is refused; ``message`` says why, in the reader's language."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class CellError:
    row: int
    column: str
    cell: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "cell": self.cell, "message": self.message}


@dataclass
class Table:
    """The file's rows as {column key: text}, with their row numbers as the officer sees them."""

    headers: dict[str, str]  # column key -> header as written
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise FileRefused(
            _(
                "The file is %(size)s MB; the limit is %(limit)s MB. Split the plan or remove images."  # noqa: E501
            )
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{MAX_BYTES / 1024 / 1024:.0f}"}
        )


def read_table(name: str, data: bytes) -> Table:
    """The rows of an XLSX or CSV template file; ``FileRefused`` for a file that is neither."""
    check_size(len(data))
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    if data[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(data)
    elif name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")) or _binary(data):
        raise FileRefused(
            _("This is not a spreadsheet the portal reads: save it as XLSX or CSV (UTF-8).")
        )
    else:
        rows = _csv_rows(data)
    return _table(rows)


def _binary(data: bytes) -> bool:
    sample = data[:4096]
    return b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff"))


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise FileRefused(
            _("This is not a spreadsheet the portal reads: save it as XLSX or CSV (UTF-8).")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(), start=1):
            values = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    values.append(Formula(str(cell.value)))
                else:
                    values.append(cell.value)
            yield number, values
    finally:
        workbook.close()


class Formula(str):
    """A cell the spreadsheet computes: refused, whatever it computes."""


def _csv_rows(data: bytes) -> Iterator[tuple[int, list]]:
    text = None
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        raise FileRefused(_("The CSV file's characters cannot be read: save it as CSV (UTF-8)."))
    first_line = text[: text.find("\n")] if "\n" in text else text
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # A quoted cell may run over several lines; the row number is the record's number.
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise FileRefused(_("The CSV file is malformed: %(error)s") % {"error": error}) from error


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | Decimal | int | float):
        return str(value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _table(rows: Iterator[tuple[int, list]]) -> Table:
    header_number, header = None, None
    for number, values in rows:
        if any(cell_text(value) for value in values):
            header_number, header = number, [cell_text(value) for value in values]
            break
    if header is None:
        raise FileRefused(_("The file has no header row."))
    keys: list[str | None] = []
    headers: dict[str, str] = {}
    unknown = []
    for title in header:
        key = column_key(title) if title else None
        if title and key is None:
            unknown.append(title)
        if key is not None and key in headers:
            raise FileRefused(
                _("Two columns are headed %(header)s: keep one.") % {"header": f"“{title}”"}
            )
        if key is not None:
            headers[key] = title
        keys.append(key)
    if unknown:
        raise FileRefused(
            _("Unknown column headers: %(headers)s. The template's columns are: %(known)s.")
            % {
                "headers": ", ".join(f"“{title}”" for title in unknown),
                "known": ", ".join(f"{c.az} / {c.en}" for c in COLUMNS),
            }
        )
    missing = [key for key in REQUIRED if key not in headers]
    if missing:
        names = {c.key: f"{c.az} / {c.en}" for c in COLUMNS}
        raise FileRefused(
            _("The file has no column %(columns)s (on row %(row)s, the header row).")
            % {"columns": ", ".join(names[key] for key in missing), "row": header_number}
        )
    table = Table(headers=headers)
    for number, values in rows:
        row: dict[str, str] = {}
        for index, value in enumerate(values):
            key = keys[index] if index < len(keys) else None
            text = cell_text(value)
            if key is None:
                if text:
                    table.errors.append(
                        CellError(number, "", text, _("A value in a column with no header."))
                    )
                continue
            if isinstance(value, str) and text.startswith("'") and looks_like_formula(text[1:]):
                # The portal's own exports quote such text (nap_portal.cells): text, not a formula.
                row[key] = text[1:]
                continue
            if isinstance(value, Formula) or (isinstance(value, str) and is_formula(text)):
                table.errors.append(
                    CellError(
                        number,
                        headers[key],
                        str(value),
                        _("A formula: the template takes values only; type the value itself."),
                    )
                )
                continue
            row[key] = text
        if any(row.values()):
            table.rows.append((number, row))
            if len(table.rows) > MAX_ROWS:
                raise FileRefused(
                    _("The file has more than %(count)s rows.") % {"count": f"{MAX_ROWS:,}"}
                )
    return table


def is_formula(text: str) -> bool:
    """A typed value a spreadsheet would run (nap_portal.cells), other than a plain number."""
    if not looks_like_formula(text):
        return False
    try:
        Decimal(text.replace(",", "."))
    except ArithmeticError:
        return True
    return False
