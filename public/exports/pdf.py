"""PDF exports, rendered by WeasyPrint from templates in ``reports/templates/reports/pdf/``.

The renderer may read the portal's own static files (stylesheet, fonts) and nothing else:
report text is written by agencies, so no URL in it may reach the network or the disk.
"""

import logging
import mimetypes
import re
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

import pydyf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from .base import BaseExporter, Progress

# A reserved name (RFC 2606): the base URL of the rendered HTML, never resolved or fetched.
PORTAL_ORIGIN = "https://nap-portal.invalid"
BASE_URL = f"{PORTAL_ORIGIN}/"
# PDF/UA-1 makes WeasyPrint tag the structure (headings, tables, paragraphs) for readers.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}

logger = logging.getLogger(__name__)


class CachedPageReferences:
    """``pydyf.PDF.page_references``, built once per page count instead of on every read.

    pydyf (0.13.0) rebuilds the tuple of every page's reference each time the property is
    read, and WeasyPrint reads it once per structure element it tags (PDF/UA: every
    paragraph, heading and run of text) and per bookmark: O(elements × pages), quadratic in
    the document's length, and the cause of the consolidated PDF's super-linear growth
    (bench/README.md, "Exports"). The tuple read here is the same; it is rebuilt only when a
    page has been added since (pages are only ever appended, ``PDF.add_page``), so the PDF
    written is byte for byte the one pydyf writes without this.
    """

    def __init__(self, original: property) -> None:
        self.original = original

    def __get__(self, pdf, owner=None):
        if pdf is None:
            return self
        count = len(pdf.pages["Kids"])
        cached = pdf.__dict__.get("_nap_page_references")
        if cached is None or cached[0] != count:
            cached = (count, self.original.fget(pdf))
            pdf.__dict__["_nap_page_references"] = cached
        return cached[1]


def cache_page_references() -> None:
    """Install :class:`CachedPageReferences` on ``pydyf.PDF`` (once; done at import)."""
    current = pydyf.PDF.__dict__.get("page_references")
    if isinstance(current, property):
        pydyf.PDF.page_references = CachedPageReferences(current)
    elif not isinstance(current, CachedPageReferences):
        # pydyf changed: nothing to fix, or the fix has to be looked at again.
        logger.warning("pydyf.PDF.page_references is no longer a property; not cached")


cache_page_references()


class StaticFilesFetcher(URLFetcher):
    """Serves ``{PORTAL_ORIGIN}{STATIC_URL}…`` from the portal's static files; refuses the rest.

    No network, no ``file:``, no ``data:``: anything else raises, and WeasyPrint leaves the
    resource out of the document.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=("https",), allow_redirects=False)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        path = static_path(url)
        if path is None:
            logger.warning("PDF renderer refused to fetch %s", url[:200])
            raise ValueError(f"only the portal's static files may be fetched, not {url[:200]!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def static_path(url: str) -> Path | None:
    """The static file ``url`` names under ``PORTAL_ORIGIN``, or None if it names anything else."""
    parts = urlsplit(url)
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
    if (
        parts.scheme != "https"
        or parts.netloc != urlsplit(PORTAL_ORIGIN).netloc
        or parts.query
        or not parts.path.startswith(prefix)
    ):
        return None
    relative = unquote(parts.path[len(prefix) :])
    if not relative or "\\" in relative or "\x00" in relative:
        return None
    if any(segment in ("", ".", "..") for segment in relative.split("/")):
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    # In a deployment the templates name the collected (hashed) files.
    root = Path(settings.STATIC_ROOT).resolve()
    candidate = (root / relative).resolve()
    if candidate.is_relative_to(root) and candidate.is_file():
        return candidate
    return None


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string."""
    escaped = re.sub(r'[\\"\n\r<>]', lambda m: f"\\{ord(m.group()):x} ", text)
    return mark_safe(f'"{escaped}"')  # noqa: S308 — every special character is escaped above


class ProgressHandler(logging.Handler):
    """Turns WeasyPrint's progress log ("Step 4 - Creating layout - Page 3") into progress."""

    STEPS = 7

    def __init__(self, progress: Progress) -> None:
        super().__init__()
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        if match := re.match(r"Step (\d)", str(record.msg)):
            self.progress(int(match.group(1)), self.STEPS)


def render_pdf(
    template: str, context: dict, out: IO[bytes], *, language: str, progress: Progress | None
) -> None:
    """Render ``template`` with ``context`` to PDF into ``out`` (inside the reader's language)."""
    context = {
        "language": language,
        "page_label_css": css_string(gettext("p.")),
        **context,
    }
    html = render_to_string(template, context)
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    if progress is None:
        document.write_pdf(out, **PDF_OPTIONS)
        return
    progress_logger = logging.getLogger("weasyprint.progress")
    handler = ProgressHandler(progress)
    level, propagate = progress_logger.level, progress_logger.propagate
    progress_logger.addHandler(handler)
    # Progress goes to the caller's callback only, not to the console log.
    progress_logger.setLevel(logging.INFO)
    progress_logger.propagate = False
    try:
        document.write_pdf(out, **PDF_OPTIONS)
    finally:
        progress_logger.removeHandler(handler)
        progress_logger.setLevel(level)
        progress_logger.propagate = propagate


class ConsolidatedPdf(BaseExporter):
    identifier = "consolidated-pdf"
    verbose_name = gettext_lazy("Consolidated report (PDF)")
    extension = "pdf"
    content_type = "application/pdf"

    def write(self, out: IO[bytes]) -> None:
        report = self.source
        context = {
            "title": report.title,
            "running_title": report.plan.title,
            "sections": report.sections(),
            "civil_society": report.civil_society(),
            "annex": report.annex,
            "generated_on": self.today,
        }
        render_pdf(
            "reports/pdf/consolidated.html",
            context,
            out,
            language=self.language,
            progress=self.on_progress,
        )


class AgencyPdf(BaseExporter):
    identifier = "agency-pdf"
    verbose_name = gettext_lazy("Agency report (PDF)")
    extension = "pdf"
    content_type = "application/pdf"

    def write(self, out: IO[bytes]) -> None:
        report = self.source
        context = {
            "title": report.title,
            "running_title": f"{report.plan.title} — {report.agency.name}",
            "items": report.items(),
            "signature": report.signature,
            "generated_on": self.today,
            "landscape": True,
        }
        render_pdf(
            "reports/pdf/agency.html",
            context,
            out,
            language=self.language,
            progress=self.on_progress,
        )
