"""Documents built once: stored on publication, served from storage, rebuilt after a correction;
large ones queued behind a progress page; board files cached by their filters; the open-data
dump streamed, or stored when it is too large to stream within a request."""

import io
import json
import re
from unittest import mock

import pytest
from django.http import FileResponse
from docx import Document
from rest_framework.test import APIClient

from public.exports import pdf
from public.exports.board import BoardTable
from reports import services
from reports.models import ProgressReport, ReportingPeriod, StoredDocument
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

from .conftest import advance, pdf_text, squeeze

pytestmark = pytest.mark.django_db

SMALL = "kicik-plan"
CORRECTION = "Düzəliş: 2022-ci ildə qanun layihəsi Milli Məclisə təqdim edilmişdir."


@pytest.fixture
def small_plan(db):
    """A final 2022 of three measures, each with a published report: quick to render."""
    from tests.factories import (
        AgencyFactory,
        AssignmentFactory,
        MeasureFactory,
        PeriodFactory,
        PlanFactory,
        PriorityFactory,
        ReportFactory,
    )

    plan = PlanFactory(slug=SMALL)
    priority = PriorityFactory(plan=plan, number=1)
    period = PeriodFactory(plan=plan, year=2022, is_published=True)
    agency = AgencyFactory()
    for number in range(1, 4):
        measure = MeasureFactory(priority=priority, number=f"1.{number}")
        AssignmentFactory(measure=measure, agency=agency)
        ReportFactory(
            measure=measure, agency=agency, period=period, state="published", status="done"
        )
    return plan


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def a_public_report(plan_slug: str = SMALL, year: int = 2022) -> ProgressReport:
    return (
        ProgressReport.objects.filter(
            measure__plan__slug=plan_slug, period__year=year, state="published"
        )
        .order_by("measure__sort_key", "pk")
        .first()
    )


def correct(report, secretariat_user, capture) -> None:
    with capture(execute=True):
        services.correct_report(
            report=report,
            user=secretariat_user,
            works_done=CORRECTION,
            status=report.status,
            reason="The agency sent the right text.",
        )


def test_consolidated_pdf_is_rendered_once_and_again_after_a_correction(
    client, small_plan, secretariat_user, django_capture_on_commit_callbacks, tmp_path
):
    url = f"/plans/{SMALL}/reports/2022.pdf"
    with mock.patch.object(pdf, "render_pdf", wraps=pdf.render_pdf) as renderer:
        first = client.get(url)
        assert first.status_code == 200
        first_data = body(first)
        assert renderer.call_count == 1  # small enough: built within the request, and stored

        second = client.get(url)
        assert isinstance(second, FileResponse)
        assert body(second) == first_data
        assert renderer.call_count == 1  # the stored file, not rendered again

        correct(a_public_report(), secretariat_user, django_capture_on_commit_callbacks)
        # The correction queued the rebuild (tasks run at once in tests): rendered again.
        rebuilt_calls = renderer.call_count
        assert rebuilt_calls > 1

        third = client.get(url)
        assert isinstance(third, FileResponse)
        text = pdf_text(body(third), tmp_path)
        assert renderer.call_count == rebuilt_calls
    assert squeeze(CORRECTION) in squeeze(text)
    stored = StoredDocument.objects.get(key=f"consolidated/{SMALL}/2022/-/pdf/az")
    assert stored.status == StoredDocument.Status.READY and stored.size > 10_000


def test_publishing_a_year_builds_its_documents_in_the_background(
    period, measure_19, draft_a, staff_a, secretariat_user, django_capture_on_commit_callbacks
):
    advance(draft_a, "accepted", owner=staff_a, secretariat=secretariat_user)
    assert not StoredDocument.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_period(period=period, user=secretariat_user)
    documents = StoredDocument.objects.filter(period=period)
    built = set(documents.values_list("kind", "fmt", "language", "status"))
    for language in ("az", "en"):
        for fmt in ("pdf", "xlsx", "docx", "csv"):
            assert ("consolidated", fmt, language, "ready") in built
        for fmt in ("pdf", "docx"):
            assert ("agency", fmt, language, "ready") in built
    assert set(documents.values_list("agency__slug", flat=True)) == {None, draft_a.agency.slug}
    # Downloads send the stored file.
    from django.test import Client

    response = Client().get(f"/plans/{OPEN_GOV}/reports/2021.docx")
    assert isinstance(response, FileResponse)
    document = Document(io.BytesIO(body(response)))
    assert any("hesabat hazırlanır" in p.text for p in document.paragraphs)


def test_a_document_too_large_to_build_on_request_is_queued_behind_a_progress_page(
    client_en, seeded, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_ON_DEMAND_ROWS = {**settings.EXPORT_ON_DEMAND_ROWS, "docx": 10}
    url = f"/plans/{ANTI_CORRUPTION}/reports/2022.docx"
    with django_capture_on_commit_callbacks() as queued:
        waiting = client_en.get(url)
    assert waiting.status_code == 202
    page = waiting.content.decode()
    assert '<meta http-equiv="refresh"' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # strict CSP: no inline script
    assert "being prepared" in page and "minute" in page
    assert int(waiting["Retry-After"]) >= 3
    # A second reader while it waits: the same page, no second build queued.
    with django_capture_on_commit_callbacks() as queued_again:
        assert client_en.get(url).status_code == 202
    assert not queued_again
    for callback in queued:  # the worker runs the build
        callback()
    ready = client_en.get(url)
    assert isinstance(ready, FileResponse)
    assert Document(io.BytesIO(body(ready))).paragraphs[0].style.name == "Title"
    stored = StoredDocument.objects.get(key=f"consolidated/{ANTI_CORRUPTION}/2022/-/docx/en")
    assert stored.percent_done == 100 and stored.rows > 200 and stored.build_seconds > 0


def test_the_progress_page_shows_what_the_build_reports(client_en, seeded, settings):
    from django.utils import timezone

    settings.EXPORT_ON_DEMAND_ROWS = {**settings.EXPORT_ON_DEMAND_ROWS, "pdf": 10}
    url = f"/plans/{ANTI_CORRUPTION}/reports/2022.pdf"
    assert client_en.get(url).status_code == 202
    stored = StoredDocument.objects.get(key=f"consolidated/{ANTI_CORRUPTION}/2022/-/pdf/en")
    started = timezone.now() - timezone.timedelta(seconds=60)
    StoredDocument.objects.filter(pk=stored.pk).update(
        status="building", started_at=started, percent_done=40
    )
    page = client_en.get(url).content.decode()
    assert "being built now" in page and "40% done" in page
    # 60 s for 40 %: about 90 s left, so "about 2 minutes".
    assert "about 2 minutes" in page


def test_word_document_keeps_its_section_properties_last(client_en, seeded):
    """The linear writer appends every block before the page settings, as Word requires."""
    data = body(client_en.get(f"/plans/{ANTI_CORRUPTION}/reports/2022.docx"))
    document = Document(io.BytesIO(data))
    body_element = document.element.body
    assert body_element[-1].tag.endswith("}sectPr")
    assert round(document.sections[0].page_width.cm, 1) == 21.0
    assert len(document.tables) == sum(
        1 for p in document.paragraphs if p.style.name == "Heading 2"
    )


def test_board_files_are_cached_by_their_normalised_filters_until_a_publication(
    client_en, small_plan, secretariat_user, django_capture_on_commit_callbacks
):
    base = f"/plans/{SMALL}/export.csv"
    rows = mock.patch.object(BoardTable, "rows", autospec=True, side_effect=BoardTable.rows)
    with rows as renderer:
        first = body(client_en.get(f"{base}?priority=1&year=2022"))
        # The same filters in another order, with a page number: the same file.
        second = body(client_en.get(f"{base}?page=3&year=2022&priority=1"))
        assert renderer.call_count == 1 and second == first
        # Other filters are another file.
        body(client_en.get(f"{base}?q=T%C9%99dbir&year=2022"))
        assert renderer.call_count == 2

        correct(a_public_report(), secretariat_user, django_capture_on_commit_callbacks)
        after = body(client_en.get(f"{base}?priority=1&year=2022"))
        assert renderer.call_count == 3
    assert after.decode("utf-8-sig").count("\r\n") == first.decode("utf-8-sig").count("\r\n")


def test_a_board_pdf_too_long_for_a_request_points_to_the_stored_reports(
    client_en, seeded, settings
):
    settings.EXPORT_ON_DEMAND_ROWS = {**settings.EXPORT_ON_DEMAND_ROWS, "board-pdf": 5}
    response = client_en.get(f"/plans/{ANTI_CORRUPTION}/export.pdf?priority=2")
    assert response.status_code == 413
    page = response.content.decode()
    assert "too large to prepare on request" in page
    assert f"/plans/{ANTI_CORRUPTION}/reports/2022.pdf" in page
    assert f"/plans/{ANTI_CORRUPTION}/export.csv?priority=2" in page


def test_a_dump_too_large_to_stream_is_served_from_its_stored_copy(
    seeded, settings, django_capture_on_commit_callbacks
):
    api = APIClient()
    streamed = json.loads(body(api.get(f"/api/v1/plans/{OPEN_GOV}/dump/")))
    settings.EXPORT_ON_DEMAND_ROWS = {**settings.EXPORT_ON_DEMAND_ROWS, "json": 10}
    response = api.get(f"/api/v1/plans/{OPEN_GOV}/dump/")
    assert response.status_code == 303
    assert response["Location"] == f"/plans/{OPEN_GOV}/open-data.json"
    answer = response.json()
    assert answer["url"] == f"http://testserver/plans/{OPEN_GOV}/open-data.json"
    assert answer["url"] in answer["detail"]  # the message, in the reader's language
    with django_capture_on_commit_callbacks() as queued:
        assert api.get(response["Location"]).status_code == 202
    for callback in queued:
        callback()
    stored = api.get(response["Location"])
    assert isinstance(stored, FileResponse)
    data = json.loads(body(stored))
    assert [m["number"] for m in data["measures"]] == [m["number"] for m in streamed["measures"]]
    assert len(data["reports"]) == len(streamed["reports"]) > 0


def test_publishing_a_report_of_a_year_not_final_builds_no_year_documents(
    period, draft_a, staff_a, secretariat_user, django_capture_on_commit_callbacks
):
    accepted = advance(draft_a, "accepted", owner=staff_a, secretariat=secretariat_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(report=accepted, user=secretariat_user)
    assert not ReportingPeriod.objects.get(pk=period.pk).is_final
    assert not StoredDocument.objects.filter(period=period).exists()
