"""Download views: find what is public, pick the exporter, send the file."""

from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import get_language

from operations import audit

from ..selectors import get_public_period, public_agencies, public_plans
from .base import BaseExporter, content_disposition
from .board import BoardTable, board_filters
from .sources import AgencyReport, ConsolidatedReport


def download(exporter: BaseExporter, request: HttpRequest | None = None) -> StreamingHttpResponse:
    """The export as a streamed attachment; a signed-in user's download enters the audit trail
    (anonymous readers' downloads of public data do not)."""
    if request is not None and request.user.is_authenticated:
        audit.record(
            audit.Action.EXPORT, request=request, target=exporter.filename(), detail=request.path
        )
    response = StreamingHttpResponse(exporter.chunks(), content_type=exporter.content_type)
    response["Content-Disposition"] = content_disposition(exporter.filename())
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _exporter(document: str, fmt: str) -> type[BaseExporter]:
    # lazy: WeasyPrint takes most of a second to load, and the URL configuration (so every
    # management command) imports this module; the registry loads on the first download.
    from .registry import get_exporter

    exporter = get_exporter(document, fmt)
    if exporter is None:
        raise Http404("No such format.")
    return exporter


def consolidated_report(request: HttpRequest, slug: str, year: int, fmt: str):
    exporter = _exporter("consolidated", fmt)
    # A consolidated report exists for final years only: never a provisional document.
    period = get_public_period(slug, year, final=True)
    annex = request.GET.get("annex") == "civil-society"
    return download(
        exporter(ConsolidatedReport(period.plan, period, annex=annex), language=get_language()),
        request,
    )


def agency_report(request: HttpRequest, slug: str, plan: str, year: int, fmt: str):
    exporter = _exporter("agency", fmt)
    agency = get_object_or_404(public_agencies(), slug=slug)
    period = get_public_period(plan, year, final=True)
    report = AgencyReport(agency, period.plan, period)
    if not report:
        raise Http404("This agency has no published report for this year.")
    return download(exporter(report, language=get_language()), request)


def board_export(request: HttpRequest, slug: str, fmt: str):
    exporter = _exporter("board", fmt)
    plan = get_object_or_404(public_plans(), slug=slug)
    table = BoardTable(plan, board_filters(plan, request.GET))
    return download(exporter(table, language=get_language()), request)
