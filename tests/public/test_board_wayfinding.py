"""Finding one's way on the board: results first (filters folded, a skip link), whole words
in shortened priority names, a headline that says something when no status is stated, and
downloads that state their filters."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agencies.models import Agency
from plans.models import Plan
from public.selectors import year_record
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

pytestmark = pytest.mark.django_db
SAMUX = "samux-rayon-icra-hakimiyyeti"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies.load({"django_language": "en"})


class Focusable(HTMLParser):
    """The page's focusable elements in document order: (tag, attributes)."""

    TAGS = {"a", "button", "input", "select", "textarea", "summary"}

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.TAGS and attrs.get("type") != "hidden" and (tag != "a" or "href" in attrs):
            self.found.append((tag, attrs))


def focusable(html: str) -> list[tuple[str, dict]]:
    parser = Focusable()
    parser.feed(html)
    return parser.found


def test_skip_to_results_is_the_second_focusable_element_and_leads_to_the_results(client, seeded):
    html = client.get(reverse("plans:board", args=[ANTI_CORRUPTION])).content.decode()
    first, second = focusable(html)[:2]
    assert first[1]["href"] == "#main"
    assert second[1] == {"class": "skip-link", "href": "#results"}
    assert 'id="results"' in html
    # The results' heading and the first measure come before the summary chart.
    assert (
        html.index('id="results"')
        < html.index('class="measure"')
        < html.index('id="summary-title"')
    )


def test_filters_fold_into_a_details_element_opened_by_an_error(client, seeded):
    url = reverse("plans:board", args=[ANTI_CORRUPTION])
    html = client.get(url).content.decode()
    details = re.search(
        r'<details class="filter-panel"([^>]*)>\s*<summary>(.*?)</summary>', html, re.S
    )
    assert details and "open" not in details.group(1)
    assert "Filter the measures" in details.group(2) and "active" not in details.group(2)
    assert html.index('<details class="filter-panel"') < html.index('<form class="board-filters"')
    filtered = client.get(url, {"status": "not_stated", "q": "edliyye"}).content.decode()
    assert "(2 filters active)" in filtered
    broken = client.get(url, {"year": "1900"}).content.decode()
    assert '<details class="filter-panel" open>' in broken


def test_priority_names_are_shortened_on_whole_words(client, seeded):
    html = client.get(reverse("plans:board", args=[ANTI_CORRUPTION])).content.decode()
    plan = Plan.objects.get(slug=ANTI_CORRUPTION)
    shortened = 0
    for priority in plan.priorities.all():
        shown = re.search(
            rf'<option value="{priority.number}"[^>]*>{priority.number}\. ([^<]*)</option>', html
        )
        text = shown.group(1).replace("&quot;", '"').replace("&#x27;", "'")
        full = " ".join(priority.title.split())
        if text != full:
            shortened += 1
            assert text.endswith("…") and len(text) <= 60
            words = text[:-1].split()
            assert words == full.split()[: len(words)], text  # whole words only
    assert shortened  # the seeds have long priority names


def test_a_board_without_stated_statuses_headlines_reporting_coverage(client, seeded):
    plan = Plan.objects.get(slug=ANTI_CORRUPTION)
    record = year_record(plan, 2022)
    assert record.expected and record.handed_in
    html = client.get(
        reverse("plans:board", args=[ANTI_CORRUPTION]), {"year": "2022"}
    ).content.decode()
    headline = html[html.index('id="results"') : html.index('class="measure"')]
    assert (
        f"No status stated for 2022; reports handed in: {record.handed_in} of {record.expected}."
        in headline
    )
    assert "fill-not_stated" not in headline  # no grey bar: the coverage bar instead
    assert f"Handed in on time: <strong>{record.on_time}</strong>" in headline
    summary = html[html.index('id="summary-title"') :]
    assert "Reporting in 2022" in summary and "Status by priority" not in summary
    assert f'<th scope="row">Expected</th><td>{record.expected}</td>' in summary
    assert f'<th scope="row">Missing</th><td>{record.missing}</td>' in summary


def test_the_coverage_of_an_agency_is_that_agencys_record(client, seeded):
    plan = Plan.objects.get(slug=ANTI_CORRUPTION)
    agency = Agency.objects.get(slug="edliyye-nazirliyi")
    record = year_record(plan, 2022, agency)
    whole = year_record(plan, 2022)
    assert record.expected < whole.expected
    html = client.get(
        reverse("plans:board", args=[ANTI_CORRUPTION]), {"agency": agency.slug}
    ).content.decode()
    assert f"reports handed in: {record.handed_in} of {record.expected}." in html


def test_a_board_with_stated_statuses_keeps_its_status_chart(client, seeded):
    html = client.get(reverse("plans:board", args=[OPEN_GOV])).content.decode()
    headline = html[html.index('id="results"') : html.index('class="measure"')]
    assert "status-bar" in headline and "No status stated" not in headline
    summary = html[html.index('id="summary-title"') :]
    assert "Status by priority, 2022" in summary and 'class="priority-chart"' in summary


def body(response) -> bytes:
    return b"".join(response.streaming_content)


FILTERED = {"agency": SAMUX, "status": "no_report", "role": "main"}
FILTERS_LINE = (
    "Filters: Agency: Samukh District Executive Authority; Role: Main executor; "
    "Status: No published report"
)


def test_a_filtered_pdf_states_its_filters_on_the_first_page(client, seeded):
    from pypdf import PdfReader

    data = body(client.get(reverse("plans:board-export", args=[OPEN_GOV, "pdf"]), FILTERED))
    first_page = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert FILTERS_LINE in first_page
    data = body(client.get(reverse("plans:board-export", args=[OPEN_GOV, "pdf"])))
    first_page = " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())
    assert "Filters: none (every measure of the plan)" in first_page


def test_a_filtered_xlsx_states_its_filters_on_its_first_sheet(client, seeded):
    url = reverse("plans:board-export", args=[OPEN_GOV, "xlsx"])
    workbook = load_workbook(io.BytesIO(body(client.get(url, FILTERED))))
    assert workbook.sheetnames == ["About this file", "Summary", "Measures"]
    about = [row[0] for row in workbook["About this file"].iter_rows(values_only=True)]
    assert about[0].startswith("Açıq hökumətin təşviqinə dair") and about[1] == FILTERS_LINE
    assert workbook["Measures"].cell(row=1, column=1).value == "No."  # the table as before
    unfiltered = load_workbook(io.BytesIO(body(client.get(url))))
    about = [row[0] for row in unfiltered["About this file"].iter_rows(values_only=True)]
    assert about[1] == "Filters: none (every measure of the plan)"


def test_a_filtered_csv_notes_its_filters_in_its_header_and_stays_one_table(client, seeded):
    url = reverse("plans:board-export", args=[OPEN_GOV, "csv"])
    data = body(client.get(url, FILTERED)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data, newline="")))
    header, records = rows[0], rows[1:]
    assert header[0] == "No." and header[-1] == FILTERS_LINE
    assert records and all(len(row) == len(header) for row in records)
    assert all(row[-1] == FILTERS_LINE for row in records)
    assert {row[8] for row in records} == {"No published report"}
    unfiltered = list(csv.reader(io.StringIO(body(client.get(url)).decode("utf-8-sig"))))
    assert unfiltered[0][-1] == "Overdue" and len(unfiltered[0]) == len(header) - 1


def test_the_home_page_shows_coverage_for_a_plan_without_stated_statuses(client, seeded):
    html = client.get("/").content.decode()
    anti = html[html.index(f'href="/plans/{ANTI_CORRUPTION}/"') :]
    anti = anti[: anti.index("</li>")]
    record = year_record(Plan.objects.get(slug=ANTI_CORRUPTION), 2022)
    assert "Reporting in 2022" in anti and "fill-not_stated" not in anti
    assert f"Handed in on time: <strong>{record.on_time}</strong>" in anti
    open_gov = html[html.index(f'href="/plans/{OPEN_GOV}/"') :]
    assert "Status of measures in 2022" in open_gov[: open_gov.index("</li>")]
