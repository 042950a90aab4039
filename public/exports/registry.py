"""Which exporter renders which document in which format."""

from .base import BaseExporter
from .board import BoardCsv, BoardPdf, BoardXlsx
from .csv import ConsolidatedCsv
from .docx import AgencyDocx, ConsolidatedDocx
from .pdf import AgencyPdf, ConsolidatedPdf
from .xlsx import ConsolidatedXlsx

EXPORTERS: dict[str, dict[str, type[BaseExporter]]] = {
    "consolidated": {
        "pdf": ConsolidatedPdf,
        "xlsx": ConsolidatedXlsx,
        "docx": ConsolidatedDocx,
        "csv": ConsolidatedCsv,
    },
    "agency": {"pdf": AgencyPdf, "docx": AgencyDocx},
    "board": {"csv": BoardCsv, "xlsx": BoardXlsx, "pdf": BoardPdf},
}


def get_exporter(document: str, fmt: str) -> type[BaseExporter] | None:
    return EXPORTERS.get(document, {}).get(fmt)
