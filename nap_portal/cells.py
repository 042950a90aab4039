"""Making values safe for spreadsheet cells: Excel's limits and formula injection.

Shared by every tabular export (xlsx, csv) and by the open-data API's CSV output, so a value
is neutralised the same way wherever a citizen downloads it.
"""

import datetime
import re
from decimal import Decimal

from django.utils.translation import gettext

#: Excel refuses a cell longer than this many characters.
EXCEL_CELL_LIMIT = 32_767

# Control characters that are invalid in XML 1.0 (and so in an xlsx part) or that Excel
# rejects, plus lone surrogates and the two noncharacters U+FFFE/U+FFFF. Tab, LF and CR stay.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# A spreadsheet treats a typed or CSV value that starts with one of these as a formula (or,
# for tab, CR and LF, as a cell whose formula sits after whitespace). OWASP "CSV injection".
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\x00")
FORMULA_STARTS = ("=", "+", "-", "@")


def truncation_marker(cut: int) -> str:
    """The visible note that ends a cell cut to Excel's limit."""
    return " … " + gettext("[%(count)s more characters cut]") % {"count": f"{cut:,}"}


def clean_text(value: str, limit: int = EXCEL_CELL_LIMIT) -> str:
    """``value`` without characters Excel rejects, cut to ``limit`` with a visible marker."""
    text = _ILLEGAL.sub("", value)
    if len(text) <= limit:
        return text
    # The marker's own length depends on the count it names; two passes settle it.
    keep = limit - len(truncation_marker(len(text) - limit))
    keep = limit - len(truncation_marker(len(text) - keep))
    return text[:keep] + truncation_marker(len(text) - keep)


def looks_like_formula(value: str) -> bool:
    """True when a spreadsheet could evaluate ``value``: it starts with ``= + - @``, tab, CR
    or LF, or with ``= + - @`` after leading whitespace, before or after cleaning.

    The one rule of formula neutralising: every CSV and XLSX the portal writes (exports, the
    open-data API's CSV, the secretariat's compliance CSV) asks it.
    """
    for text in (value, _ILLEGAL.sub("", value)):
        if text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_STARTS):
            return True
    return False


def neutralise_formula(value: str) -> str:
    """``value`` for a CSV field: prefixed with ``'`` when a spreadsheet could run it."""
    return "'" + value if looks_like_formula(value) else value


def csv_value(value) -> str:
    """A value for one CSV field: text cleaned and, if formula-like, prefixed with ``'``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    formula = looks_like_formula(text)
    text = clean_text(text, EXCEL_CELL_LIMIT - 1 if formula else EXCEL_CELL_LIMIT)
    return "'" + text if formula else text


def xlsx_value(value):
    """``(value, is_formula_like)`` for an xlsx cell: text cleaned and cut; others as they are.

    The caller stores formula-like text as a string cell (see ``xlsx.text_cell``), never as
    a formula; no quote is added, so the cell shows exactly what the agency wrote.
    """
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        return value, False
    text = str(value)
    return clean_text(text), looks_like_formula(text)
