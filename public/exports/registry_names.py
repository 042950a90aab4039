"""Which documents come in which formats, without loading the exporters (WeasyPrint)."""

FORMATS: dict[str, tuple[str, ...]] = {
    "consolidated": ("pdf", "xlsx", "docx", "csv"),
    "agency": ("pdf", "docx"),
    "board": ("csv", "xlsx", "pdf"),
}


def has_exporter(document: str, fmt: str) -> bool:
    return fmt in FORMATS.get(document, ())
