"""Public downloads: evidence files, the report documents, board files and open-data dumps.

Report documents and large dumps are built once and served from storage (public.documents);
board files for any filters are rendered on demand, streamed, and cached by their filters.
"""

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from reports.documents import publication_state
from reports.evidence import evidence_download

from .board import board_measures
from .documents import DocumentSpec, Kind, board_cache_key, cached_stream, serve, too_large_page
from .exports.board import BoardTable, board_filters
from .exports.registry_names import has_exporter
from .exports.sources import ConsolidatedReport
from .selectors import (
    get_public_period,
    public_agencies,
    public_evidence,
    public_plans,
    public_reports,
)

DUMP_FORMATS = ("json", "csv")


def public_evidence_file(request, pk: int):
    """Anyone may download the evidence of a public report (reports.visibility); any other
    evidence answers 404, as a missing one does."""
    evidence = get_object_or_404(public_evidence().exclude(file=""), pk=pk)
    return evidence_download(evidence)


def _format(document: str, fmt: str) -> str:
    if not has_exporter(document, fmt):
        raise Http404("No such format.")
    return fmt


def consolidated_report(request: HttpRequest, slug: str, year: int, fmt: str):
    """A final year's consolidated report: never a provisional document."""
    fmt = _format("consolidated", fmt)
    period = get_public_period(slug, year, final=True)
    if request.GET.get("annex") == "civil-society":
        return _with_civil_society_annex(request, period, fmt)
    spec = DocumentSpec(Kind.CONSOLIDATED, period.plan, fmt, get_language(), period)
    return serve(request, spec)


def _with_civil_society_annex(request: HttpRequest, period, fmt: str):
    """The consolidated report with the year's civil-society assessments and replies as an
    annex: not stored (the stored documents are the government's account alone), so within
    the on-demand limit it is rendered, streamed and cached by the publication state like a
    board file; above it the stored report without the annex is the answer."""
    # lazy: WeasyPrint takes most of a second to load (see board_export).
    from .exports.registry import get_exporter

    plan = period.plan
    limit = settings.EXPORT_ON_DEMAND_ROWS.get(fmt)
    source = ConsolidatedReport(plan, period, annex=True)
    if limit is not None and source.size() > limit:
        spec = DocumentSpec(Kind.CONSOLIDATED, plan, fmt, get_language(), period)
        return serve(request, spec)
    language = get_language()
    exporter = get_exporter("consolidated", fmt)(source, language=language)
    key = f"annex-export:{plan.pk}:{period.year}:{fmt}:{language}:{publication_state(plan)}"
    return cached_stream(exporter, key, request)


def agency_report(request: HttpRequest, slug: str, plan: str, year: int, fmt: str):
    fmt = _format("agency", fmt)
    agency = get_object_or_404(public_agencies(), slug=slug)
    period = get_public_period(plan, year, final=True)
    reports = public_reports().filter(period=period, agency=agency, measure__plan=period.plan)
    if not reports.exists():
        raise Http404("This agency has no published report for this year.")
    spec = DocumentSpec(Kind.AGENCY, period.plan, fmt, get_language(), period, agency)
    return serve(request, spec)


def board_export(request: HttpRequest, slug: str, fmt: str):
    """The filtered board as a file, rendered on demand and kept in the cache by its
    normalised filters; a PDF too long to lay out within a request is refused with a pointer
    to the stored consolidated reports."""
    fmt = _format("board", fmt)
    # lazy: WeasyPrint takes most of a second to load, and the URL configuration (so every
    # management command) imports this module; the registry loads on the first download.
    from .exports.registry import get_exporter

    plan = get_object_or_404(public_plans(), slug=slug)
    filters = board_filters(plan, request.GET)
    limit = settings.EXPORT_ON_DEMAND_ROWS.get(f"board-{fmt}")
    if limit is not None:
        rows = board_measures(plan, filters).count()
        if rows > limit:
            return too_large_page(request, plan, rows, fmt)
    language = get_language()
    exporter = get_exporter("board", fmt)(BoardTable(plan, filters), language=language)
    return cached_stream(exporter, board_cache_key(plan, filters, fmt, language), request)


def open_data_dump(request: HttpRequest, slug: str, fmt: str):
    """A plan's whole open data (as /api/v1/plans/<slug>/dump/), stored when it is large."""
    if fmt not in DUMP_FORMATS:
        raise Http404("No such format.")
    plan = get_object_or_404(public_plans(), slug=slug)
    return serve(request, DocumentSpec(Kind.DUMP, plan, fmt))
