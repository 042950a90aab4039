"""CSV for every list of the API (``?format=csv``), flattened from the JSON representation."""

import csv
import io

from rest_framework.renderers import BaseRenderer

# The exports' cell rule, so a value is neutralised alike wherever a citizen downloads it.
from nap_portal.cells import csv_value


def flatten(item: dict, prefix: str = "") -> dict[str, object]:
    """One CSV row from one JSON object: nested objects become ``parent.child`` columns and
    lists become one cell, items separated by "; " (executors read "main: Ədliyyə Nazirliyi")."""
    row: dict[str, object] = {}
    for key, value in item.items():
        column = f"{prefix}{key}"
        if isinstance(value, dict):
            row.update(flatten(value, f"{column}."))
        elif isinstance(value, list):
            row[column] = "; ".join(_list_item(element) for element in value)
        else:
            row[column] = value
    return row


def _list_item(element: object) -> str:
    if isinstance(element, dict):
        if "role" in element and "name" in element:
            return f"{element['role']}: {element['name']}"
        return ", ".join(str(value) for value in element.values() if value not in (None, ""))
    return str(element)


def write_csv(rows: list[dict[str, object]]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel shows "Ə" right; header from the first row."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({key: csv_value(value) for key, value in row.items()})
    return buffer.getvalue().encode("utf-8")


class CSVRenderer(BaseRenderer):
    """A list (or one page of the reports) as CSV, one row per object; a detail as one row."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        if isinstance(data, dict) and isinstance(data.get("results"), list):
            data = data["results"]
        if isinstance(data, dict):
            data = [data]
        return write_csv(
            [flatten(item) if isinstance(item, dict) else {"value": item} for item in data]
        )
