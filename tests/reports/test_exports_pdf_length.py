"""A long PDF costs in proportion to its length.

WeasyPrint tags the PDF (PDF/UA-1) by reading pydyf's ``PDF.page_references`` once per
structure element, and pydyf 0.13.0 rebuilds that list of every page on each read: quadratic
in the document's length. public/exports/pdf.py makes the list be built once per page count;
these tests hold it to that, and show the list read is still every page in order.
"""

import datetime
import io

import pydyf
import pytest
from pypdf import PdfReader

from public.exports.pdf import CachedPageReferences, ConsolidatedPdf
from public.exports.sources import ConsolidatedReport
from reports.models import ReportingPeriod
from tests.conftest import ANTI_CORRUPTION

from .conftest import pdf_text


def pdf_with_pages(count: int) -> pydyf.PDF:
    pdf = pydyf.PDF()
    for _ in range(count):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    return pdf


def test_page_references_are_every_page_in_order_and_follow_added_pages():
    pdf = pdf_with_pages(3)
    first = pdf.page_references
    kids = pdf.pages["Kids"]
    assert first == tuple(f"{number} 0 R".encode() for number in kids[::3])
    assert len(first) == 3
    assert pdf.page_references is first  # read again: not rebuilt

    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    after = pdf.page_references
    assert len(after) == 4
    assert after[:3] == first
    assert after[3] == f"{pdf.pages['Kids'][-3]} 0 R".encode()
    # Another PDF has its own pages.
    assert len(pdf_with_pages(2).page_references) == 2


class CountingReferences(CachedPageReferences):
    """Counts reads of ``page_references`` and builds of the page list behind them."""

    def __init__(self, cached: CachedPageReferences) -> None:
        self.reads = 0
        self.builds = 0
        original = cached.original

        def build(pdf):
            self.builds += 1
            return original.fget(pdf)

        super().__init__(property(build))

    def __get__(self, pdf, owner=None):
        if pdf is not None:
            self.reads += 1
        return super().__get__(pdf, owner)


@pytest.mark.django_db
def test_a_tagged_report_builds_the_page_list_once_however_many_elements(
    seeded, monkeypatch, tmp_path
):
    installed = pydyf.PDF.__dict__["page_references"]
    assert isinstance(installed, CachedPageReferences)
    counting = CountingReferences(installed)
    monkeypatch.setattr(pydyf.PDF, "page_references", counting)

    period = ReportingPeriod.objects.get(plan__slug=ANTI_CORRUPTION, year=2022)
    _, _, data = ConsolidatedPdf(
        ConsolidatedReport(period.plan, period), language="en", today=datetime.date(2026, 11, 22)
    ).render()

    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages > 10
    # Every tagged paragraph, heading, run of text and bookmark reads the list…
    assert counting.reads > 20 * pages
    # …which is built once, after the last page is added: linear, not elements × pages.
    assert counting.builds == 1
    # And the document is still whole: tagged, every page numbered against the total.
    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    texts = [page for page in pdf_text(data, tmp_path).split("\f") if page.strip()]
    assert [f"p. {number} / {pages}" in text for number, text in enumerate(texts, 1)] == [
        True
    ] * pages
