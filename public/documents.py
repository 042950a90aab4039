"""Documents built once and served from storage; small ones built on the first download.

A final year's consolidated report (PDF, XLSX, DOCX, CSV), each agency's report (PDF, DOCX)
and a large plan's open-data dump (JSON, CSV) are built by the task queue when the year is
published or corrected (``public.tasks``; reports.documents asks for it) and kept under
MEDIA_ROOT/documents/ (``StoredDocument``). A download sends the stored file while it is
current (its publication state is today's); otherwise a small document is built within the
request and stored, and a large one is queued while the reader sees a progress page with an
estimate — no public request renders more than ``EXPORT_ON_DEMAND_ROWS`` allows (~10 s).
"""

import datetime
import hashlib
import logging
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Avg, F
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from agencies.models import Agency
from operations import audit
from plans.models import Plan
from reports.documents import publication_state
from reports.models import ReportingPeriod, StoredDocument

from .api.dump import dump_chunks
from .exports.base import BaseExporter, content_disposition
from .exports.sources import AgencyReport, ConsolidatedReport
from .selectors import final_periods, public_reports

logger = logging.getLogger(__name__)

Kind = StoredDocument.Kind
Status = StoredDocument.Status

#: Seconds per row (statement or measure) a build takes when none of the format was timed
#: yet; afterwards the progress page estimates from the stored documents' own build times.
DEFAULT_SECONDS_PER_ROW = {
    "pdf": 0.015,
    "docx": 0.002,
    "xlsx": 0.0003,
    "csv": 0.0001,
    "json": 0.0001,
}
# A failed build is tried again by a download only after this long.
RETRY_FAILED_AFTER = datetime.timedelta(minutes=10)
# Seconds between two writes of a build's progress to its row.
PROGRESS_EVERY = 2


def on_demand_limit(fmt: str) -> int:
    """The most rows a public request may render itself in this format (settings)."""
    return settings.EXPORT_ON_DEMAND_ROWS.get(fmt, 0)


@dataclass(frozen=True)
class DocumentSpec:
    """One stored document: what it shows, in which format and language."""

    kind: str
    plan: Plan
    fmt: str
    language: str = ""
    period: ReportingPeriod | None = None
    agency: Agency | None = None

    @property
    def key(self) -> str:
        year = str(self.period.year) if self.period else "-"
        agency = self.agency.slug if self.agency else "-"
        return "/".join([self.kind, self.plan.slug, year, agency, self.fmt, self.language or "-"])

    @classmethod
    def from_key(cls, key: str) -> "DocumentSpec":
        kind, plan_slug, year, agency_slug, fmt, language = key.split("/")
        plan = Plan.objects.get(slug=plan_slug)
        period = None if year == "-" else ReportingPeriod.objects.get(plan=plan, year=int(year))
        if period is not None:
            period.plan = plan
        agency = None if agency_slug == "-" else Agency.objects.get(slug=agency_slug)
        return cls(kind, plan, fmt, "" if language == "-" else language, period, agency)

    def state(self) -> str:
        return publication_state(
            self.plan, period=self.period, agency_id=self.agency.pk if self.agency else None
        )

    def source(self):
        if self.kind == Kind.AGENCY:
            return AgencyReport(self.agency, self.plan, self.period)
        return ConsolidatedReport(self.plan, self.period)

    def size(self) -> int:
        """The build's cost in rows (statements and measures): one or two count queries."""
        reports = public_reports().filter(measure__plan=self.plan)
        if self.kind == Kind.DUMP:
            return reports.count() + self.plan.measures.count()
        reports = reports.filter(period=self.period)
        if self.kind == Kind.AGENCY:
            return reports.filter(agency=self.agency).count()
        return reports.count() + self.plan.measures.count()

    def exporter(self, progress=None) -> BaseExporter:
        # lazy: WeasyPrint takes most of a second to load; the registry loads on first use.
        from .exports.registry import get_exporter

        exporter_class = get_exporter(self.kind, self.fmt)
        return exporter_class(self.source(), language=self.language, progress=progress)

    @property
    def streams(self) -> bool:
        """Written row by row (CSV, the JSON dump): sent to the reader as it is written."""
        return self.fmt in ("csv", "json")

    def chunks(self) -> Iterator[bytes]:
        """The document in chunks as it is written (streaming formats)."""
        if self.kind == Kind.DUMP:
            with translation.override(self.language or settings.LANGUAGE_CODE):
                yield from dump_chunks(self.plan, None, csv=self.fmt == "csv")
            return
        yield from self.exporter().chunks()

    def write(self, out, progress=None) -> None:
        """Render the document into ``out`` (a binary file)."""
        if self.streams:
            for chunk in self.chunks():
                out.write(chunk)
            return
        self.exporter(progress).export(out)

    def filename(self) -> str:
        if self.kind == Kind.DUMP:
            return f"{self.plan.slug}_open-data.{self.fmt}"
        return self.exporter().filename()

    def content_type(self) -> str:
        if self.kind == Kind.DUMP:
            return "text/csv; charset=utf-8" if self.fmt == "csv" else "application/json"
        return self.exporter().content_type


def build(spec: DocumentSpec, *, state: str | None = None) -> StoredDocument:
    """Render ``spec`` into storage and record it (replacing the previous file)."""
    state = state or spec.state()
    rows = spec.size()
    document, _ = StoredDocument.objects.get_or_create(key=spec.key, defaults=_fields(spec))
    started_at = timezone.now()
    StoredDocument.objects.filter(pk=document.pk).update(
        status=Status.BUILDING,
        state=state,
        started_at=started_at,
        rows=rows,
        error="",
        percent_done=0,
    )
    started = time.monotonic()
    try:
        with tempfile.TemporaryFile() as out:
            spec.write(out, _progress_recorder(document.pk))
            size = out.tell()
            out.seek(0)
            name = default_storage.save(_storage_name(spec, state), File(out))
    except Exception as error:
        StoredDocument.objects.filter(pk=document.pk).update(
            status=Status.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )
        raise
    return _record(spec, name, state=state, size=size, rows=rows, started=started)


def _progress_recorder(pk: int):
    """The exporter's ``progress(done, total)`` written to the row every few seconds, for
    the progress page."""
    last = [time.monotonic()]

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if total and now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            percent = min(99, 100 * done // total)
            StoredDocument.objects.filter(pk=pk).update(percent_done=percent)

    return progress


def _record(spec: DocumentSpec, name: str, *, state, size, rows, started) -> StoredDocument:
    """The file ``name`` is now the stored document of ``spec``; the previous one goes."""
    document, _ = StoredDocument.objects.get_or_create(key=spec.key, defaults=_fields(spec))
    previous = document.file.name
    document.file.name = name
    document.state = state
    document.status = Status.READY
    document.size = size
    document.rows = rows
    document.build_seconds = round(time.monotonic() - started, 3)
    document.built_at = timezone.now()
    document.error = ""
    document.percent_done = 100
    document.save(
        update_fields=[
            "file",
            "state",
            "status",
            "size",
            "rows",
            "build_seconds",
            "built_at",
            "error",
            "percent_done",
        ]
    )
    if previous and previous != name:
        default_storage.delete(previous)
    return document


def stream_and_store(request: HttpRequest, spec: DocumentSpec, state: str, rows: int):
    """A streaming format built on demand: each chunk goes to the reader as it is written and
    to a temporary file, stored once the last chunk is sent (a reader who leaves early stores
    nothing). Memory stays flat; the first bytes leave at once."""
    filename = spec.filename()

    def generate() -> Iterator[bytes]:
        started = time.monotonic()
        with tempfile.TemporaryFile() as out:
            for chunk in spec.chunks():
                out.write(chunk)
                yield chunk
            size = out.tell()
            out.seek(0)
            name = default_storage.save(_storage_name(spec, state), File(out))
        _record(spec, name, state=state, size=size, rows=rows, started=started)

    if request.user.is_authenticated:
        audit.record(audit.Action.EXPORT, request=request, target=filename, detail=request.path)
    response = StreamingHttpResponse(generate(), content_type=spec.content_type())
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def queue(spec: DocumentSpec, *, state: str | None = None, rows: int | None = None) -> bool:
    """Queue a build of ``spec`` unless it is current or already queued for this state;
    True when a build was queued."""
    state = state or spec.state()
    with transaction.atomic():
        document, created = StoredDocument.objects.select_for_update().get_or_create(
            key=spec.key, defaults=_fields(spec)
        )
        busy = document.status in (Status.QUEUED, Status.BUILDING, Status.READY)
        if not created and document.state == state and busy:
            return False
        document.state, document.status = state, Status.QUEUED
        document.queued_at, document.started_at = timezone.now(), None
        document.rows = spec.size() if rows is None else rows
        document.save(update_fields=["state", "status", "queued_at", "started_at", "rows"])
    transaction.on_commit(lambda: build_document.enqueue(spec.key))
    return True


def serve(request: HttpRequest, spec: DocumentSpec) -> HttpResponse:
    """The stored file if current; else built now if small, else queued with a progress page."""
    state = spec.state()
    document = StoredDocument.objects.filter(key=spec.key).first()
    if document is not None and document.state == state:
        if document.status == Status.READY and default_storage.exists(document.file.name):
            return file_response(request, spec, document)
        if document.status in (Status.QUEUED, Status.BUILDING):
            return progress_page(request, spec, document)
        if document.status == Status.FAILED and (
            timezone.now() - (document.started_at or timezone.now()) < RETRY_FAILED_AFTER
        ):
            return progress_page(request, spec, document, failed=True)
    rows = spec.size()
    if rows <= on_demand_limit(spec.fmt):
        if spec.streams:
            return stream_and_store(request, spec, state, rows)
        return file_response(request, spec, build(spec, state=state))
    queue(spec, state=state, rows=rows)
    document = StoredDocument.objects.get(key=spec.key)
    return progress_page(request, spec, document)


def file_response(request: HttpRequest, spec: DocumentSpec, document: StoredDocument):
    """The stored file as an attachment, streamed from storage; a signed-in user's download
    enters the audit trail (anonymous readers' downloads of public data do not)."""
    filename = spec.filename()
    if request.user.is_authenticated:
        audit.record(audit.Action.EXPORT, request=request, target=filename, detail=request.path)
    response = FileResponse(
        default_storage.open(document.file.name, "rb"), content_type=spec.content_type()
    )
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def estimate_seconds(document: StoredDocument) -> int:
    """Seconds until the build is likely done: rows × this format's seconds per row (from
    the documents built so far, else a default), less what has run already."""
    measured = StoredDocument.objects.filter(
        fmt=document.fmt, status=Status.READY, rows__gt=0, build_seconds__isnull=False
    ).aggregate(average=Avg(F("build_seconds") / F("rows")))["average"]
    rate = measured or DEFAULT_SECONDS_PER_ROW.get(document.fmt, 0.001)
    total = rate * max(document.rows, 1)
    begun = document.started_at or document.queued_at
    elapsed = (timezone.now() - begun).total_seconds() if begun else 0
    if document.status == Status.BUILDING and document.started_at and document.percent_done:
        # What the build itself reports beats the average of earlier builds.
        total = elapsed * 100 / document.percent_done
    return max(5, round(total - elapsed))


def progress_page(
    request: HttpRequest, spec: DocumentSpec, document: StoredDocument, failed: bool = False
) -> HttpResponse:
    """202 and a page that reloads itself (meta refresh: no script) until the file is ready."""
    seconds = estimate_seconds(document)
    refresh = 60 if failed else min(30, max(3, seconds // 4))
    response = TemplateResponse(
        request,
        "reports/document_building.html",
        {
            "spec": spec,
            "document": document,
            "seconds": seconds,
            "minutes": -(-seconds // 60),
            "refresh": refresh,
            "failed": failed,
            "building": document.status == Status.BUILDING,
        },
        status=503 if failed else 202,
    )
    response["Retry-After"] = str(refresh)
    response["Cache-Control"] = "no-store"
    return response


def too_large_page(request: HttpRequest, plan: Plan, rows: int, fmt: str) -> HttpResponse:
    """A board download too large to render on demand: say so and point to the stored
    consolidated reports and to the formats that are cheap at any size."""
    years = list(final_periods().filter(plan=plan).order_by("-year").values_list("year", flat=True))
    links = [
        (year, reverse("plans:report-download", args=[plan.slug, year, "pdf"])) for year in years
    ]
    response = TemplateResponse(
        request,
        "reports/document_too_large.html",
        {
            "plan": plan,
            "rows": rows,
            "fmt": fmt,
            "limit": on_demand_limit(f"board-{fmt}"),
            "reports": links,
            "query": request.GET.urlencode(),
        },
        status=413,
    )
    response["Cache-Control"] = "no-store"
    return response


def cached_stream(
    exporter: BaseExporter, cache_key: str, request: HttpRequest | None = None
) -> StreamingHttpResponse:
    """A board download streamed as it renders, and kept in the cache under ``cache_key``
    (its normalised filters and the plan's publication state) when it is not too big."""
    if request is not None and request.user.is_authenticated:
        audit.record(
            audit.Action.EXPORT, request=request, target=exporter.filename(), detail=request.path
        )
    cached = cache.get(cache_key)
    chunks = iter([cached]) if cached is not None else _tee_into_cache(exporter, cache_key)
    response = StreamingHttpResponse(chunks, content_type=exporter.content_type)
    response["Content-Disposition"] = content_disposition(exporter.filename())
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _tee_into_cache(exporter: BaseExporter, cache_key: str) -> Iterator[bytes]:
    parts: list[bytes] | None = []
    size = 0
    for chunk in exporter.chunks():
        if parts is not None:
            parts.append(chunk)
            size += len(chunk)
            if size > settings.EXPORT_CACHE_MAX_BYTES:
                parts = None
        yield chunk
    if parts is not None:
        cache.set(cache_key, b"".join(parts), settings.EXPORT_CACHE_SECONDS)


def board_cache_key(plan: Plan, filters, fmt: str, language: str) -> str:
    """The board's filters without paging, as parsed (so equivalent query strings share one
    entry), with the plan's publication state: a publication makes a new key."""
    normalised = (filters.year, filters.q.strip().casefold(), filters.priority)
    normalised += (filters.agency, filters.status, filters.role, filters.civil_society)
    digest = hashlib.sha256(repr((normalised, fmt, language)).encode()).hexdigest()[:32]
    return f"board-export:{plan.pk}:{publication_state(plan)}:{digest}"


def _fields(spec: DocumentSpec) -> dict:
    return {
        "kind": spec.kind,
        "plan": spec.plan,
        "period": spec.period,
        "agency": spec.agency,
        "fmt": spec.fmt,
        "language": spec.language,
    }


def _storage_name(spec: DocumentSpec, state: str) -> str:
    stem = spec.key.replace("/", "_")
    return f"documents/{stem}_{state[:12]}.{spec.fmt}"


# The task queue's side (db_worker): one task per document, so builds fail and retry alone.


@task()
def build_document(key: str) -> str:
    """Build the stored document ``key`` unless it is already current; returns its state."""
    try:
        spec = DocumentSpec.from_key(key)
    except (Plan.DoesNotExist, ReportingPeriod.DoesNotExist, Agency.DoesNotExist):
        StoredDocument.objects.filter(key=key).delete()
        return "gone"
    state = spec.state()
    current = StoredDocument.objects.filter(key=key, state=state, status=Status.READY).exists()
    if not current:
        build(spec, state=state)
    return state


@task()
def rebuild_period_documents(period_id: int, agency_ids: list[int] | None = None) -> int:
    """Queue builds of what changed: a final year's consolidated report in every format and
    language, the reports of ``agency_ids`` (None: every agency with public reports that
    year), and the plan's dump when it is too large to stream on demand. Returns how many."""
    period = ReportingPeriod.objects.select_related("plan").filter(pk=period_id).first()
    if period is None:
        return 0
    specs = []
    languages = [code for code, _ in settings.LANGUAGES]
    if final_periods().filter(pk=period.pk).exists():
        specs += [
            DocumentSpec(Kind.CONSOLIDATED, period.plan, fmt, language, period)
            for language in languages
            for fmt in ("pdf", "xlsx", "docx", "csv")
        ]
        reporting = public_reports().filter(period=period, measure__plan=period.plan)
        if agency_ids is not None:
            reporting = reporting.filter(agency_id__in=agency_ids)
        agencies = Agency.objects.filter(pk__in=reporting.values("agency_id")).order_by("pk")
        specs += [
            DocumentSpec(Kind.AGENCY, period.plan, fmt, language, period, agency)
            for agency in agencies
            for language in languages
            for fmt in ("pdf", "docx")
        ]
    for fmt in ("json", "csv"):
        dump = DocumentSpec(Kind.DUMP, period.plan, fmt)
        rows = dump.size()
        if rows > on_demand_limit(fmt):
            specs.append(dump)
    return sum(queue(spec) for spec in specs)


def queue_period_rebuild(period_id: int, agency_ids: list[int] | None) -> None:
    """reports.documents' rebuilder (named in settings.DOCUMENT_REBUILDERS): one task does the
    fan-out, so the secretariat's request only queues it."""
    rebuild_period_documents.enqueue(period_id, agency_ids)
