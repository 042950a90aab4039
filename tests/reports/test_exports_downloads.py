"""Download URLs: what they serve, to whom, under which name — and never unpublished text."""

import csv
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.http import QueryDict
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from agencies.models import Agency
from plans.models import Assignment
from public.board import board_measures
from public.exports.board import board_filters
from reports.models import ProgressReport, ReportingPeriod
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV
from tests.factories import PeriodFactory, ReportFactory

from .conftest import pdf_text, squeeze

pytestmark = pytest.mark.django_db

CANARY = "KANAREYKA-dərc-olunmayıb"
SAMUX = "samux-rayon-icra-hakimiyyeti"
SAMUX_ITEMS = ["1.9", "4.1", "4.3", "5.4", "5.5", "5.6", "6.3"]


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# The agency report (seed 004's shape)


def test_samux_2022_pdf_holds_its_seven_items_signatory_and_date(samux_2022, tmp_path):
    text = pdf_text(samux_2022["pdf"], tmp_path)
    body_text = pdf_text(samux_2022["pdf"], tmp_path, body_only=True, landscape=True)
    # The table's header row repeats on every page, inside a row cut by a page break.
    squeezed = squeeze(body_text).replace("ItemMeasureExecutionstatus", "")
    for number in SAMUX_ITEMS:
        assert f"{number}." in text
    assert "Kəmalə Xəlilova" in text
    assert "28.12.2022" in text
    assert squeeze("İctimai-siyasi və humanitar məsələlər şöbəsinin müdürü") in squeezed
    statements = ProgressReport.objects.filter(agency__slug=SAMUX, period__year=2022)
    assert statements.count() == 7
    for report in statements:
        assert squeeze(report.works_done) in squeezed
    # The signature comes after the last item.
    assert text.index("Kəmalə Xəlilova") > text.index("Açıq məlumatlar")


def test_samux_2022_docx_has_a_word_table_of_its_items_and_the_signature(samux_2022):
    document = Document(io.BytesIO(samux_2022["docx"]))
    assert document.paragraphs[0].style.name == "Title"
    table = document.tables[0]
    assert [row.cells[0].text for row in table.rows[1:]] == [f"{n}." for n in SAMUX_ITEMS]
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "Kəmalə Xəlilova" in texts and "28.12.2022" in texts


def test_agency_report_urls_serve_pdf_and_docx(client_en):
    for fmt, content_type in [
        ("pdf", "application/pdf"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]:
        url = reverse("agencies:report-download", args=[SAMUX, OPEN_GOV, 2022, fmt])
        assert url == f"/agencies/{SAMUX}/reports/{OPEN_GOV}/2022.{fmt}"
        response = client_en.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == content_type
        assert body(response)


def test_agency_without_published_report_or_unknown_format_is_404(client_en, seeded):
    assert client_en.get(f"/agencies/{SAMUX}/reports/{ANTI_CORRUPTION}/2022.pdf").status_code == 404
    assert client_en.get(f"/agencies/{SAMUX}/reports/{OPEN_GOV}/2022.xlsx").status_code == 404
    assert client_en.get(f"/agencies/{SAMUX}/reports/{OPEN_GOV}/2021.pdf").status_code == 404


# Consolidated report URLs and file names


@pytest.mark.parametrize(
    "fmt, content_type",
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("csv", "text/csv; charset=utf-8"),
    ],
)
def test_consolidated_report_downloads_as_attachment_named_by_plan_year_and_date(
    client_en, seeded, fmt, content_type, time_machine
):
    time_machine.move_to("2026-11-22 10:00:00+04:00")
    url = reverse("plans:report-download", args=[ANTI_CORRUPTION, 2022, fmt])
    assert url == f"/plans/{ANTI_CORRUPTION}/reports/2022.{fmt}"
    response = client_en.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    name = f"{ANTI_CORRUPTION}_report_2022_2026-11-22.{fmt}"
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    )
    assert body(response)


def test_unpublished_period_draft_plan_and_unknown_format_are_404(client_en, seeded):
    plan = seeded[ANTI_CORRUPTION]
    PeriodFactory(plan=plan, year=2023, is_published=False)
    assert client_en.get(f"/plans/{ANTI_CORRUPTION}/reports/2023.pdf").status_code == 404
    assert client_en.get(f"/plans/{ANTI_CORRUPTION}/reports/2024.xlsx").status_code == 404
    assert client_en.get(f"/plans/{ANTI_CORRUPTION}/reports/2022.exe").status_code == 404
    plan.status = plan.Status.DRAFT
    plan.save(update_fields=["status"])
    assert client_en.get(f"/plans/{ANTI_CORRUPTION}/reports/2022.csv").status_code == 404
    assert client_en.get(f"/plans/{ANTI_CORRUPTION}/export.csv").status_code == 404


# Unpublished text never leaves


@pytest.fixture
def canaries(seeded):
    """Unpublished statements: a submitted one in the published 2022 period, a published one
    in an unpublished 2023 period, and a returned one by Samux."""
    plan = seeded[ANTI_CORRUPTION]
    measure = plan.measures.get(number="1.1")
    period_2022 = ReportingPeriod.objects.get(plan=plan, year=2022)
    staff = Agency.objects.get(slug="edliyye-nazirliyi")
    agency = Agency.objects.exclude(reports__measure=measure).exclude(pk=staff.pk).first()
    ReportFactory(
        measure=measure,
        agency=agency,
        period=period_2022,
        works_done=f"{CANARY} submitted",
        state=ProgressReport.State.SUBMITTED,
    )
    ReportFactory(
        measure=measure,
        agency=staff,
        period=PeriodFactory(plan=plan, year=2023, is_published=False),
        works_done=f"{CANARY} 2023",
        state=ProgressReport.State.PUBLISHED,
    )
    og = seeded[OPEN_GOV]
    ReportFactory(
        measure=og.measures.get(number="1.1"),
        agency=Agency.objects.get(slug=SAMUX),
        period=ReportingPeriod.objects.get(plan=og, year=2022),
        works_done=f"{CANARY} returned",
        state=ProgressReport.State.RETURNED,
    )
    return plan


def test_unpublished_canary_is_in_no_download(client_en, canaries, tmp_path):
    urls = [f"/plans/{ANTI_CORRUPTION}/reports/2022.{fmt}" for fmt in ("csv", "xlsx", "docx")]
    urls += [f"/plans/{ANTI_CORRUPTION}/export.{fmt}" for fmt in ("csv", "xlsx")]
    urls += [f"/plans/{ANTI_CORRUPTION}/export.csv?q=KANAREYKA&year=2023"]
    urls += [f"/plans/{OPEN_GOV}/export.csv?q=KANAREYKA"]
    urls += [f"/agencies/{SAMUX}/reports/{OPEN_GOV}/2022.{fmt}" for fmt in ("pdf", "docx")]
    for url in urls:
        response = client_en.get(url)
        assert response.status_code == 200, url
        data = body(response)
        if url.endswith(".xlsx"):
            workbook = load_workbook(io.BytesIO(data))
            text = " ".join(
                str(value)
                for sheet in workbook
                for row in sheet.iter_rows(values_only=True)
                for value in row
            )
        elif url.endswith(".docx"):
            document = Document(io.BytesIO(data))
            text = " ".join(p.text for p in document.paragraphs)
            text += " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        elif url.endswith(".pdf"):
            text = pdf_text(data, tmp_path)
        else:
            text = data.decode("utf-8-sig")
        # A filtered file states its filters, so it echoes its own query (as pages do).
        text = text.replace("Text: “KANAREYKA”", "")
        assert "KANAREYKA" not in text, url
        assert "Korrupsiya" in text or "Samux" in text or "No." in text, url
    assert client_en.get(f"/plans/{ANTI_CORRUPTION}/reports/2023.csv").status_code == 404


# Board downloads


BOARD_QUERIES = [
    "",
    "q=elektron",
    "q=ƏDLİYYƏ",
    "priority=4",
    f"agency={SAMUX}",
    "role=recommended",
    "status=overdue",
    "status=no_report&year=2021",
    "q=məlumat&priority=5&page=2",
    "year=1999&priority=x",
]


def board_numbers(client, slug: str, query: str) -> list[str]:
    """The measure numbers the board page shows for ``query``, over all its pages."""
    numbers: list[str] = []
    params = QueryDict(query, mutable=True)
    params.pop("page", None)
    page = 1
    while True:
        params["page"] = str(page)
        response = client.get(f"/plans/{slug}/?{params.urlencode()}")
        assert response.status_code == 200
        page_obj = response.context["page_obj"]
        numbers += [measure.number for measure in page_obj.object_list]
        if not page_obj.has_next():
            return numbers
        page += 1


@pytest.mark.parametrize("query", BOARD_QUERIES)
def test_board_csv_and_xlsx_rows_are_the_boards_rows(client_en, seeded, query):
    plan = seeded[OPEN_GOV]
    expected = [m.number for m in board_measures(plan, board_filters(plan, QueryDict(query)))]
    csv_response = client_en.get(f"/plans/{OPEN_GOV}/export.csv?{query}")
    rows = csv_rows(body(csv_response))
    assert [row[0] for row in rows[1:]] == expected
    xlsx = load_workbook(io.BytesIO(body(client_en.get(f"/plans/{OPEN_GOV}/export.xlsx?{query}"))))
    sheet = xlsx["Measures"]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == expected
    assert board_numbers(client_en, OPEN_GOV, query) == expected


def test_board_download_for_an_agency_has_the_measures_that_oblige_it(client_en, seeded):
    plan = seeded[OPEN_GOV]
    samux = Agency.objects.get(slug=SAMUX)
    obliging = set(
        Assignment.objects.filter(measure__plan=plan)
        .filter(agency=samux)
        .values_list("measure__number", flat=True)
    ) | set(
        Assignment.objects.filter(measure__plan=plan, category=samux.category).values_list(
            "measure__number", flat=True
        )
    )
    rows = csv_rows(body(client_en.get(f"/plans/{OPEN_GOV}/export.csv?agency={SAMUX}")))
    assert {row[0] for row in rows[1:]} == obliging
    assert set(SAMUX_ITEMS) <= obliging


def test_board_csv_columns_and_overdue(client_en, seeded):
    rows = csv_rows(body(client_en.get(f"/plans/{OPEN_GOV}/export.csv?year=2022")))
    header = rows[0]
    assert header == [
        "No.",
        "Priority",
        "Measure",
        "Evaluation indicator",
        "Execution period",
        "Main executor",
        "Other executors",
        "Recommended",
        "Status in 2022",
        "Overdue",
    ]
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["1.1"][4] == "2020" and by_number["1.1"][9] == "yes"
    assert by_number["6.3"][9] == "no"  # 2021–2022: not past its end in 2022
    assert "Korrupsiyaya qarşı mübarizə üzrə Komissiya" in by_number["1.2"][7]


def test_board_xlsx_has_a_summary_of_buckets_per_priority(client_en, seeded):
    data = body(client_en.get(f"/plans/{OPEN_GOV}/export.xlsx"))
    workbook = load_workbook(io.BytesIO(data))
    summary = list(workbook["Summary"].iter_rows(values_only=True))
    assert summary[0][0] == "Priority" and summary[0][-1] == "Total"
    assert summary[-1][-1] == 64


def test_board_pdf_is_a4_landscape(client_en, seeded, tmp_path):
    from pypdf import PdfReader

    response = client_en.get(f"/plans/{OPEN_GOV}/export.pdf?priority=4")
    assert response.status_code == 200
    data = body(response)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert round(float(page.mediabox.width)) == 842 and round(float(page.mediabox.height)) == 595
    text = pdf_text(data, tmp_path)
    assert "4.1" in text and "5.1" not in text


# The management command


def test_export_report_command_writes_the_file_and_shows_progress(tmp_path, seeded):
    output = tmp_path / "report.xlsx"
    err = StringIO()
    call_command(
        "export_report", ANTI_CORRUPTION, "2022", output=str(output), language="en", stderr=err
    )
    workbook = load_workbook(output)
    assert workbook["Reports"].max_row > 150
    assert "100% 62/62" in err.getvalue() and "Wrote" in err.getvalue()


def test_export_report_command_writes_an_agency_docx(tmp_path, seeded):
    output = tmp_path / "samux.docx"
    call_command(
        "export_report",
        OPEN_GOV,
        "2022",
        agency=SAMUX,
        format="docx",
        output=str(output),
        language="en",
        stderr=StringIO(),
    )
    assert len(Document(output).tables[0].rows) == 8


def test_export_report_command_refuses_what_is_not_published(tmp_path, seeded):
    PeriodFactory(plan=seeded[ANTI_CORRUPTION], year=2023, is_published=False)
    with pytest.raises(CommandError, match="published as final"):
        call_command("export_report", ANTI_CORRUPTION, "2023", output=str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="No 'xlsx' export"):
        call_command(
            "export_report", OPEN_GOV, "2022", agency=SAMUX, output=str(tmp_path / "x.xlsx")
        )


def test_downloads_are_in_the_readers_language(client, seeded):
    from django.utils import translation
    from pypdf import PdfReader

    url = f"/agencies/{SAMUX}/reports/{OPEN_GOV}/2022.pdf"
    for language in ("az", "en"):
        client.cookies.load({"django_language": language})
        data = body(client.get(url))
        assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == language
    with translation.override("az"):
        summary_az = translation.gettext("Summary")
        about_az = translation.gettext("About this file")
    assert summary_az != "Summary"  # Django's own catalog already has it
    assert about_az != "About this file"
    for language, names in (("az", [about_az, summary_az]), ("en", ["About this file", "Summary"])):
        client.cookies.load({"django_language": language})
        data = body(client.get(f"/plans/{OPEN_GOV}/export.xlsx"))
        assert load_workbook(io.BytesIO(data)).sheetnames[:2] == names


def test_download_link_includes_carry_the_boards_query_string(rf, seeded):
    from django.template.loader import render_to_string

    plan = seeded[OPEN_GOV]
    request = rf.get(f"/plans/{OPEN_GOV}/", {"q": "ə", "priority": "4"})
    html = render_to_string("reports/_board_downloads.html", {"plan": plan, "request": request})
    assert f'href="/plans/{OPEN_GOV}/export.csv?q=%C9%99&amp;priority=4"' in html
    html = render_to_string("reports/_report_downloads.html", {"plan": plan, "years": [2022]})
    assert f'href="/plans/{OPEN_GOV}/reports/2022.pdf"' in html
