"""A consolidated (or one agency's) report written to a file: the `export_report` command's
work, run in the foreground or as a queued task. The rules are the download's: public reports
of a final year only (reports.visibility, through public.selectors)."""

from pathlib import Path

from django.conf import settings
from django.http import Http404

from operations import audit

from ..selectors import get_public_period, public_agencies
from .base import Progress
from .registry import get_exporter
from .sources import AgencyReport, ConsolidatedReport

FORMATS = ("pdf", "xlsx", "docx", "csv")


class ExportRefused(ValueError):
    """Nothing to export as asked; the message says why."""


def export_to_file(
    *,
    plan: str,
    year: int,
    output: str | Path,
    fmt: str = "",
    agency: str | None = None,
    language: str = "",
    progress: Progress | None = None,
    actor_name: str = "export_report",
) -> Path:
    """Write the export to ``output`` (format from ``fmt`` or the extension) and record it in
    the audit trail; ``ExportRefused`` when the period or agency has nothing published."""
    path = Path(output)
    fmt = fmt or path.suffix.lstrip(".").lower()
    document = "agency" if agency else "consolidated"
    exporter_class = get_exporter(document, fmt)
    if exporter_class is None:
        raise ExportRefused(f"No {fmt!r} export for the {document} report.")
    try:
        period = get_public_period(plan, year, final=True)
    except Http404:
        raise ExportRefused(
            f"Plan {plan!r} has no results of {year} published as final; nothing to export."
        ) from None
    if agency:
        found = public_agencies().filter(slug=agency).first()
        if found is None:
            raise ExportRefused(f"No agency {agency!r}.")
        source = AgencyReport(found, period.plan, period)
        if not source:
            raise ExportRefused(f"{found} has no published report for {year}.")
    else:
        source = ConsolidatedReport(period.plan, period)
    exporter = exporter_class(
        source, language=language or settings.LANGUAGE_CODE, progress=progress
    )
    exporter.save(path)
    audit.record(
        audit.Action.EXPORT,
        actor_name=actor_name,
        target=f"{period} · {agency or document} · {fmt}",
        detail=str(path),
    )
    return path
