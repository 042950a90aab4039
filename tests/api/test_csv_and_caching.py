"""CSV downloads, revalidation with ETag / Last-Modified, throttling and CORS."""

import csv
import io

import pytest
from rest_framework.throttling import AnonRateThrottle

from tests.api.conftest import body
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

pytestmark = pytest.mark.django_db


def rows(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


LISTS = [
    "/api/v1/plans/",
    "/api/v1/priorities/",
    "/api/v1/measures/",
    "/api/v1/agencies/",
    "/api/v1/agency-categories/",
    "/api/v1/periods/",
    "/api/v1/reports/",
]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_downloads_as_csv(api, seeded, path):
    response = api.get(path, {"format": "csv"})
    assert rows(response)
    assert response["Content-Disposition"].startswith("attachment;")


def test_measures_csv_holds_every_matching_row_with_executors_in_one_cell(api, seeded):
    measures = rows(api.get("/api/v1/measures/", {"plan": OPEN_GOV, "format": "csv"}))
    assert len(measures) == 64
    one = next(row for row in measures if row["number"] == "1.9")
    assert "main: Yerli icra hakimiyyəti orqanları" in one["executors"]


def test_csv_neutralises_formulas(api, seeded):
    from tests.factories import AgencyFactory

    AgencyFactory(name='=HYPERLINK("http://evil")', slug="formula", name_en="@SUM(A1)")
    agency = next(
        r for r in rows(api.get("/api/v1/agencies/", {"format": "csv"})) if r["slug"] == "formula"
    )
    assert agency["name"] == '\'=HYPERLINK("http://evil")'
    assert agency["name_en"] == "'@SUM(A1)"


def test_reports_csv_follows_the_cursor(api, seeded):
    response = api.get("/api/v1/reports/", {"format": "csv", "page_size": 3})
    assert len(rows(response)) == 3
    assert 'rel="next"' in response["Link"]


def test_plan_dump_as_csv_has_a_row_per_report_and_per_measure_without_one(api, seeded):
    from reports.models import ProgressReport

    dump = rows(api.get(f"/api/v1/plans/{ANTI_CORRUPTION}/dump/", {"format": "csv"}))
    published = ProgressReport.objects.filter(measure__plan__slug=ANTI_CORRUPTION)
    with_reports = published.values("measure").distinct().count()
    assert len(dump) == published.count() + (62 - with_reports)
    assert {row["measure"] for row in dump} >= {"1.1", "6.1"}


def test_unchanged_list_answers_304_to_its_etag_and_to_its_date(api, seeded):
    first = api.get("/api/v1/measures/", {"plan": OPEN_GOV})
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified
    again = api.get("/api/v1/measures/", {"plan": OPEN_GOV}, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert (
        api.get(
            "/api/v1/measures/", {"plan": OPEN_GOV}, HTTP_IF_MODIFIED_SINCE=modified
        ).status_code
        == 304
    )
    detail = api.get(f"/api/v1/plans/{OPEN_GOV}/")
    assert (
        api.get(f"/api/v1/plans/{OPEN_GOV}/", HTTP_IF_NONE_MATCH=detail["ETag"]).status_code == 304
    )


def test_changed_data_gets_a_new_etag_and_a_full_answer(api, seeded, time_machine):
    from plans.models import Measure

    time_machine.move_to("2026-01-01 10:00Z")
    first = api.get("/api/v1/measures/", {"plan": OPEN_GOV})
    measure = Measure.objects.get(plan__slug=OPEN_GOV, number="1.1")
    measure.title = "Yeni ad"
    measure.save()
    time_machine.move_to("2026-01-01 10:05Z")
    headers = {"HTTP_IF_NONE_MATCH": first["ETag"]}
    changed = api.get("/api/v1/measures/", {"plan": OPEN_GOV}, **headers)
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
    since = api.get(
        "/api/v1/measures/", {"plan": OPEN_GOV}, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert since.status_code == 200
    assert changed["Last-Modified"] != first["Last-Modified"]


def test_anonymous_clients_are_throttled(api, seeded, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    answers = [api.get("/api/v1/agency-categories/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]


def test_cors_allows_reading_the_api_from_any_site_but_nothing_else(api, seeded):
    response = api.get("/api/v1/plans/", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = api.options(
        "/api/v1/plans/",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    page = api.get("/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in page
