"""Cells safe to open in a spreadsheet: no formula injection, no characters Excel rejects."""

import re

# A cell that starts with one of these is read as a formula by Excel, LibreOffice and Sheets
# ("=HYPERLINK(...)", "@SUM(...)"); tab and carriage return start one after a paste.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: object) -> object:
    """``value`` as written to a CSV cell: text that could start a formula gets a leading "'"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if not isinstance(value, str):
        return value
    value = _CONTROL.sub("", value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
