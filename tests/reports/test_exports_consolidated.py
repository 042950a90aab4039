"""The consolidated report (seed 002's shape) in PDF, Word, Excel and CSV from imported data."""

import csv
import io
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from plans.models import Plan
from tests.conftest import ANTI_CORRUPTION

from .conftest import pdf_text, seed_002_statements, squeeze

pytestmark = pytest.mark.django_db


def statement_texts(line: str) -> tuple[str, str]:
    """A works-done line and its text after an agency prefix ("Ədliyyə Nazirliyi: …")."""
    _prefix, _colon, rest = line.partition(":")
    return squeeze(line), squeeze(rest)


def missing_statements(segments: dict[str, str]) -> list[tuple[str, str]]:
    """Seed 002's statement lines not found in their own measure's segment of an export."""
    missing = []
    for number, lines in seed_002_statements().items():
        segment = segments.get(number, "")
        for line in lines:
            whole, rest = statement_texts(line)
            if whole not in segment and (not rest or rest not in segment):
                missing.append((number, line[:80]))
    return missing


def segments_by_heading(text: str, plan: Plan) -> dict[str, str]:
    """Split squeezed document text at each measure's heading "N. title", in plan order."""
    squeezed = squeeze(text)
    starts = []
    for measure in plan.measures.in_order():
        heading = squeeze(f"{measure.number}. {measure.title}")
        position = squeezed.find(heading)
        assert position >= 0, f"heading of measure {measure.number} not found"
        starts.append((position, measure.number))
    starts.sort()
    assert [number for _, number in starts] == list(
        plan.measures.in_order().values_list("number", flat=True)
    ), "measures out of order"
    ends = [position for position, _ in starts[1:]] + [len(squeezed)]
    return {number: squeezed[start:end] for (start, number), end in zip(starts, ends, strict=True)}


def test_seed_002_has_statements_to_compare():
    statements = seed_002_statements()
    assert len(statements) == 62
    assert sum(len(lines) for lines in statements.values()) > 150


def test_pdf_holds_every_statement_of_seed_002_under_its_own_measure(
    consolidated_2022, seeded, tmp_path
):
    text = pdf_text(consolidated_2022["pdf"], tmp_path, body_only=True)
    segments = segments_by_heading(text, seeded[ANTI_CORRUPTION])
    assert missing_statements(segments) == []
    # Statements are headed by the reporting agency, as in seed 002.
    assert squeeze("Ədliyyə Nazirliyi: Dövlət orqanlarının") in segments["1.1"]


def test_pdf_outline_has_one_entry_per_priority(consolidated_2022, seeded):
    outline = PdfReader(io.BytesIO(consolidated_2022["pdf"])).outline
    titles = [item.title for item in outline]
    assert len(titles) == 6
    priorities = seeded[ANTI_CORRUPTION].priorities.order_by("number")
    for title, priority in zip(titles, priorities, strict=True):
        assert title.startswith(f"Priority {priority.number}.")
        assert priority.title[:40] in title


def test_pdf_has_language_title_tags_and_embedded_dejavu(consolidated_2022, seeded, tmp_path):
    reader = PdfReader(io.BytesIO(consolidated_2022["pdf"]))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert seeded[ANTI_CORRUPTION].title in reader.metadata.title
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height  # A4 portrait
    assert round(float(reader.pages[0].mediabox.width)) == 595
    path = tmp_path / "report.pdf"
    path.write_bytes(consolidated_2022["pdf"])
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    dejavu = [line for line in fonts.splitlines() if "DejaVu-Sans" in line]
    assert dejavu and all(" yes " in line for line in dejavu), fonts


def test_pdf_pages_have_plan_title_header_and_page_numbers(consolidated_2022, seeded, tmp_path):
    pages = pdf_text(consolidated_2022["pdf"], tmp_path).split("\f")
    pages = [page for page in pages if page.strip()]
    count = len(pages)
    assert count > 10
    title = squeeze(seeded[ANTI_CORRUPTION].title)
    for number, page in enumerate(pages, start=1):
        assert f"p. {number} / {count}" in page
        assert squeeze(page).startswith(title)


def test_pdf_keeps_azerbaijani_letters(consolidated_2022, tmp_path):
    text = pdf_text(consolidated_2022["pdf"], tmp_path)
    for word in ("Ədliyyə", "gücləndirilməsinə", "Şəffaflıq", "İqtisadiyyat", "Baş Prokurorluq"):
        assert word in text


def test_docx_holds_every_statement_under_its_own_measure_heading(consolidated_2022, seeded):
    document = Document(io.BytesIO(consolidated_2022["docx"]))
    segments: dict[str, str] = {}
    current = None
    headings = {1: [], 2: []}
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style in ("Heading 1", "Heading 2"):
            headings[int(style[-1])].append(paragraph.text)
        if style == "Heading 2":
            current = paragraph.text.split(" ", 1)[0].rstrip(".")
            segments[current] = ""
        elif current:
            segments[current] += squeeze(paragraph.text)
    assert len(headings[1]) == 6 and headings[1][0].startswith("Priority 1.")
    assert len(headings[2]) == 62
    assert missing_statements(segments) == []
    # Executors sit in a real Word table under each measure.
    assert len(document.tables) == 62
    first = document.tables[0]
    assert first.cell(0, 0).text == "Main executor" and first.cell(0, 1).text == "Nazirlər Kabineti"
    assert first.cell(1, 1).text.startswith("Recommended: Korrupsiyaya")


def test_xlsx_holds_every_statement_on_its_own_measures_rows(consolidated_2022):
    workbook = load_workbook(io.BytesIO(consolidated_2022["xlsx"]))
    assert workbook.sheetnames == ["Summary", "Reports"]
    sheet = workbook["Reports"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Priority", "No.", "Measure"] and header[7] == "Works done"
    assert header[8:] == ["Indicator values", "Sub-items"]
    segments: dict[str, str] = {}
    for row in sheet.iter_rows(min_row=2, values_only=True):
        segments[row[1]] = segments.get(row[1], "") + squeeze(row[7] or "")
    assert missing_statements(segments) == []


def test_xlsx_is_formatted_for_reading(consolidated_2022):
    sheet = load_workbook(io.BytesIO(consolidated_2022["xlsx"]))["Reports"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:J{sheet.max_row}"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet["H2"].alignment.wrap_text
    assert sheet.column_dimensions["H"].width > sheet.column_dimensions["B"].width


def test_xlsx_summary_counts_statements_by_status_per_priority(consolidated_2022, seeded):
    workbook = load_workbook(io.BytesIO(consolidated_2022["xlsx"]))
    summary = list(workbook["Summary"].iter_rows(values_only=True))
    assert summary[0] == (
        "Priority",
        "Not started",
        "In progress",
        "Partially done",
        "Done",
        "Not stated",
        "Total",
    )
    rows = workbook["Reports"].max_row - 1
    assert [row[0] for row in summary[1:]] == ["1", "2", "3", "4", "5", "6", "Total"]
    # Every imported statement is counted once (the seed states no status).
    assert summary[-1][-1] == summary[-1][5] == rows - _measures_without_statement(workbook)


def _measures_without_statement(workbook) -> int:
    return sum(
        1 for row in workbook["Reports"].iter_rows(min_row=2, values_only=True) if not row[5]
    )


def test_csv_is_utf8_with_bom_and_rfc4180(consolidated_2022):
    data = consolidated_2022["csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:2] == ["Priority", "No."]
    assert len({len(row) for row in rows}) == 1
    assert any("Ədliyyə Nazirliyi" == row[5] for row in rows)


def test_statements_follow_the_order_the_plan_names_agencies(seeded):
    from public.exports.sources import ConsolidatedReport
    from reports.models import ReportingPeriod

    period = ReportingPeriod.objects.get(plan__slug=ANTI_CORRUPTION, year=2022)
    sections = list(ConsolidatedReport(period.plan, period).sections())
    entry = next(e for e in sections[0].measures if e.measure.number == "1.1")
    # The plan names Nazirlər Kabineti, then recommends the Commission and the Prosecutor;
    # Ədliyyə Nazirliyi reports without being named, so it comes last.
    assert [r.agency.name for r in entry.statements] == [
        "Nazirlər Kabineti",
        "Korrupsiyaya qarşı mübarizə üzrə Komissiya",
        "Baş Prokurorluq",
        "Ədliyyə Nazirliyi",
    ]
    assert entry.main_text == "Nazirlər Kabineti"
    # In Azerbaijani, as seed 002 writes it; in English the label reads "Recommended:".
    from django.utils import translation

    with translation.override("az"):
        assert entry.others_text.startswith("Tövsiyə edilir: ")
    with translation.override("en"):
        assert entry.others_text.startswith("Recommended: ")
