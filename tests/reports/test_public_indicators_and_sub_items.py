"""Indicator values and sub-item lines reach the public only with a published report: the
measure page, the board, the exports and the open-data API; sub-items roll up to the
measure by the rule of plans.status."""

import csv
import io

import pytest
from django.urls import reverse

from public.exports.csv import ConsolidatedCsv
from public.exports.sources import ConsolidatedReport
from reports import services
from tests.conftest import OPEN_GOV
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    SubItemAssignmentFactory,
    SubItemFactory,
)

from .conftest import CANARY, _render, advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SECRET_VALUE = "98765"


@pytest.fixture
def published(period, measure_19, staff_a, staff_b, agency_a, agency_b, secretariat_user):
    """1.9 with a numeric indicator and sub-items 1.9.1 › 1.9.1.1; agency A's report
    (measure "done", 1.9.1 done, 1.9.1.1 in progress, value 33) published, agency B's draft
    (a value and a line of its own) not."""
    indicator = IndicatorFactory(measure=measure_19, text="Seminarların sayı", unit="seminar")
    IndicatorTargetFactory(indicator=indicator, year=2021, value=40)
    first = SubItemFactory(measure=measure_19, number="1.9.1", title="Paytaxtda seminarlar")
    second = SubItemFactory(
        measure=measure_19, parent=first, number="1.9.1.1", title="Rayonlarda seminarlar"
    )
    SubItemAssignmentFactory(sub_item=second, agency=agency_b, role="co")
    report = services.save_report(
        measure=measure_19,
        agency=agency_a,
        period=period,
        user=staff_a,
        works_done="Ədliyyə Nazirliyi: seminarlar keçirilib.",
        status="done",
        indicator_values={indicator: "33"},
        sub_item_lines={first: ("done", "Bakıda üç seminar."), second: ("in_progress", "")},
    )
    advance(report, "published", owner=staff_a, secretariat=secretariat_user)
    services.save_report(
        measure=measure_19,
        agency=agency_b,
        period=period,
        user=staff_b,
        works_done=f"Samux: hazırlanır. {CANARY}",
        indicator_values={indicator: SECRET_VALUE},
        sub_item_lines={second: ("done", CANARY)},
    )
    return {"indicator": indicator, "period": period, "measure": measure_19}


def test_the_measure_page_shows_sub_items_values_targets_and_the_roll_up(client, published):
    page = client.get(reverse("plans:measure", args=[OPEN_GOV, "1.9"])).content.decode()
    assert "Seminarların sayı" in page and "Baseline" in page
    assert ">40<" in page and "33" in page  # the target for 2021 and the value reached
    items = page[page.index('id="sub-items-title"') :]
    assert "done only when every sub-item is reported done" in items
    assert items.index('1.9.1</span> <span lang="az">Paytaxtda') < items.index(
        '1.9.1.1</span> <span lang="az">Rayonlarda'
    )
    assert 'class="sub-item depth-1"' in items and "Samukh District Executive Authority" in items
    # Reported "done", but a sub-item is in progress: the less advanced, partially done.
    history = page[page.index('id="history-title"') :]
    assert "Partially done" in history[: history.index("</table>")]
    assert SECRET_VALUE not in page and CANARY not in page


def test_the_board_shows_value_target_and_the_rolled_up_status(client, published):
    url = reverse("plans:board", args=[OPEN_GOV]) + "?year=2021&q=1.9"
    page = client.get(url).content.decode()
    measure = page[page.index('<span class="number">1.9</span>') :]
    measure = measure[: measure.index("</li>")]
    assert '33 / 40 <span lang="az">seminar</span>' in measure and "Partially done" in measure
    filtered = client.get(reverse("plans:board", args=[OPEN_GOV]) + "?year=2021&status=partial")
    assert '<span class="number">1.9</span>' in filtered.content.decode()
    done = client.get(reverse("plans:board", args=[OPEN_GOV]) + "?year=2021&status=done")
    assert '<span class="number">1.9</span>' not in done.content.decode()
    assert SECRET_VALUE not in page


def test_the_consolidated_csv_has_the_values_and_lines_of_published_reports(published):
    period = published["period"]
    data = _render(ConsolidatedCsv, ConsolidatedReport(period.plan, period))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    header = rows[0]
    row = next(r for r in rows if r[1] == "1.9" and r[5] == "Ədliyyə Nazirliyi")
    values = row[header.index("Indicator values")]
    lines = row[header.index("Sub-items")]
    assert values == "Seminarların sayı: 33 seminar (target 40)"
    assert lines.splitlines() == ["1.9.1 Done: Bakıda üç seminar.", "1.9.1.1 In progress"]
    assert SECRET_VALUE not in data.decode("utf-8-sig") and CANARY not in data.decode("utf-8-sig")


def test_the_open_data_api_gives_values_lines_sub_items_and_indicators(client, published):
    reports = client.get(
        "/api/v1/reports/", {"measure": published["measure"].pk, "year": 2021}
    ).json()
    (report,) = reports["results"]
    assert report["indicator_values"] == [
        {"indicator": published["indicator"].pk, "value": "33.0000"}
    ]
    assert [(line["number"], line["status"]) for line in report["sub_items"]] == [
        ("1.9.1", "done"),
        ("1.9.1.1", "in_progress"),
    ]
    measures = client.get("/api/v1/measures/", {"plan": OPEN_GOV, "q": "1.9"}).json()
    measure = next(m for m in measures["results"] if m["number"] == "1.9")
    assert [s["number"] for s in measure["sub_items"]] == ["1.9.1", "1.9.1.1"]
    assert measure["sub_items"][1]["executors"][0]["agency"] == "samux-rayon-icra-hakimiyyeti"
    numeric = next(i for i in measure["indicators"] if i["is_numeric"])
    assert numeric["targets"] == [{"year": 2021, "value": "40.0000"}]
    rolled = client.get("/api/v1/measures/", {"plan": OPEN_GOV, "status": "partial", "year": 2021})
    assert "1.9" in [m["number"] for m in rolled.json()["results"]]
    assert SECRET_VALUE not in str(reports) and CANARY not in str(reports)


def test_the_board_filters_by_an_agency_that_executes_a_sub_item_only(client, published):
    ngo = AgencyFactory(name="Açıq Cəmiyyət QHT", slug="aciq-cemiyyet-qht")
    SubItemAssignmentFactory(sub_item=published["measure"].sub_items.first(), agency=ngo)
    board = reverse("plans:board", args=[OPEN_GOV])
    page = client.get(board + "?year=2021").content.decode()
    assert 'value="aciq-cemiyyet-qht"' in page  # in the agency filter's list
    filtered = client.get(board + "?year=2021&agency=aciq-cemiyyet-qht").content.decode()
    assert filtered.count('class="measure"') == 1 and '<span class="number">1.9</span>' in filtered
    api = client.get("/api/v1/measures/", {"agency": "aciq-cemiyyet-qht"}).json()
    assert [m["number"] for m in api["results"]] == ["1.9"]


def test_the_agency_page_lists_the_sub_items_it_executes(client, published):
    page = client.get(reverse("agencies:detail", args=["samux-rayon-icra-hakimiyyeti"]))
    text = page.content.decode()
    listed = text[text.index("Sub-items it executes") :]
    assert '<span class="number">1.9.1.1</span> <span lang="az">Rayonlarda seminarlar' in listed
    assert "Other executor" in listed[: listed.index("</ul>")]
