"""The read-only open-data API: what each endpoint lists, its filters and its links."""

import json

import pytest

from tests.api.conftest import body
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

pytestmark = pytest.mark.django_db


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_plans_list_the_seed_plans_with_links_to_their_boards(api, seeded):
    plans = {plan["slug"]: plan for plan in results(api.get("/api/v1/plans/"))}
    # The 2016–2018 plan is registered from seed 001 (a civil-society monitoring) without a table.
    assert set(plans) == {OPEN_GOV, ANTI_CORRUPTION, "open-government-2016-2018"}
    assert plans[OPEN_GOV]["url"] == f"http://testserver/plans/{OPEN_GOV}/"
    assert plans[OPEN_GOV]["start_year"] == 2020


def test_draft_plan_is_not_published(api, seeded):
    from tests.factories import PlanFactory

    PlanFactory(slug="secret-plan", status="draft")
    assert "secret-plan" not in {p["slug"] for p in results(api.get("/api/v1/plans/"))}
    assert api.get("/api/v1/plans/secret-plan/").status_code == 404


def test_measure_shows_executors_by_role_and_links_to_its_page(api, seeded):
    measures = results(api.get("/api/v1/measures/", {"plan": OPEN_GOV, "page_size": 200}))
    assert len(measures) == 64
    assert [m["number"] for m in measures].index("2.9") < [m["number"] for m in measures].index(
        "2.10"
    )
    measure = next(m for m in measures if m["number"] == "1.9")
    assert measure["url"] == f"http://testserver/plans/{OPEN_GOV}/measures/1.9/"
    assert {
        "role": "main",
        "agency": None,
        "category": "local",
        "name": "Yerli icra hakimiyyəti orqanları",
    } in measure["executors"]


def test_measures_of_an_agency_include_those_it_executes_through_its_category(api, seeded):
    numbers = {
        m["number"]
        for m in results(
            api.get(
                "/api/v1/measures/", {"plan": OPEN_GOV, "agency": "samux-rayon-icra-hakimiyyeti"}
            )
        )
    }
    # Samux reports on these items although the plan names only its category (seed 004).
    assert {"1.9", "4.1", "4.3", "5.4", "5.5", "5.6", "6.3"} <= numbers


def test_agency_and_role_filter_one_assignment_together(api, seeded, agency_a):
    main = results(
        api.get("/api/v1/measures/", {"agency": agency_a.slug, "role": "main", "page_size": 500})
    )
    assert main
    for measure in main:
        assert any(
            e["role"] == "main" and (e["agency"] == agency_a.slug or e["category"])
            for e in measure["executors"]
        )
    everything = results(api.get("/api/v1/measures/", {"agency": agency_a.slug, "page_size": 500}))
    assert len(everything) >= len(main)


def test_measures_by_priority_year_and_status(api, seeded):
    in_priority = results(api.get("/api/v1/measures/", {"plan": OPEN_GOV, "priority": 2}))
    assert in_priority and all(m["priority"] == 2 for m in in_priority)
    in_2020 = results(
        api.get("/api/v1/measures/", {"plan": OPEN_GOV, "year": 2020, "page_size": 200})
    )
    assert all(m["start_year"] <= 2020 <= m["end_year"] for m in in_2020)
    assert len(in_2020) < 64


def test_measures_by_status_are_those_with_such_a_published_report(api, seeded):
    from plans.models import Measure
    from tests.factories import ReportFactory

    measure = Measure.objects.filter(
        plan__slug=OPEN_GOV, start_year__lte=2021, end_year__gte=2021
    ).first()
    report = ReportFactory(measure=measure, status="done", state="published", period__year=2021)
    report.period.is_published = True
    report.period.save()
    found = results(api.get("/api/v1/measures/", {"status": "done", "year": 2021}))
    assert [m["number"] for m in found] == [measure.number]
    unreported = results(
        api.get(
            "/api/v1/measures/",
            {"status": "no_report", "year": 2021, "plan": OPEN_GOV, "page_size": 200},
        )
    )
    assert measure.number not in {m["number"] for m in unreported}
    assert (
        len(unreported)
        == len(
            results(
                api.get("/api/v1/measures/", {"year": 2021, "plan": OPEN_GOV, "page_size": 200})
            )
        )
        - 1
    )
    assert results(api.get("/api/v1/measures/", {"status": "done", "year": 2020})) == []
    # Without a year, the board's default: the plan's latest year with published results.
    assert results(api.get("/api/v1/measures/", {"status": "done", "plan": OPEN_GOV})) == []
    report.period.is_published = False
    report.period.save()
    assert results(api.get("/api/v1/measures/", {"status": "done", "year": 2021})) == []


def test_reports_are_filtered_by_plan_measure_agency_and_year(api, seeded, agency_a):
    reports = results(
        api.get(
            "/api/v1/reports/", {"plan": ANTI_CORRUPTION, "agency": agency_a.slug, "year": 2022}
        )
    )
    assert reports and all(r["agency"] == agency_a.slug and r["year"] == 2022 for r in reports)
    one = reports[0]
    assert one["url"].startswith(f"http://testserver/plans/{ANTI_CORRUPTION}/measures/")
    same_measure = results(api.get("/api/v1/reports/", {"measure": one["measure"]}))
    assert one["id"] in {r["id"] for r in same_measure}
    assert all(r["measure"] == one["measure"] for r in same_measure)
    assert api.get(f"/api/v1/reports/{one['id']}/").json()["works_done"] == one["works_done"]


def test_reports_page_with_a_cursor(api, seeded):
    first = api.get("/api/v1/reports/", {"page_size": 5}).json()
    assert len(first["results"]) == 5 and "count" not in first
    second = api.get(first["next"]).json()
    assert {r["id"] for r in first["results"]}.isdisjoint({r["id"] for r in second["results"]})


def test_agencies_categories_periods_and_priorities(api, seeded, agency_b):
    agencies = results(api.get("/api/v1/agencies/", {"category": agency_b.category.code}))
    samux = next(a for a in agencies if a["slug"] == agency_b.slug)
    assert samux["url"] == f"http://testserver/agencies/{agency_b.slug}/"
    categories = results(api.get("/api/v1/agency-categories/"))
    assert agency_b.category.code in {c["code"] for c in categories}
    periods = results(api.get("/api/v1/periods/", {"plan": ANTI_CORRUPTION}))
    assert [p["year"] for p in periods] == [2022]
    priorities = results(api.get("/api/v1/priorities/", {"plan": ANTI_CORRUPTION}))
    assert [p["number"] for p in priorities] == [1, 2, 3, 4, 5, 6]
    assert priorities[0]["url"].endswith(f"/plans/{ANTI_CORRUPTION}/#priority-1")


def test_plan_dump_holds_every_measure_and_published_report(api, seeded):
    from reports.models import ProgressReport

    response = api.get(f"/api/v1/plans/{ANTI_CORRUPTION}/dump/")
    assert response.streaming and response["Content-Type"] == "application/json"
    dump = json.loads(body(response))
    assert dump["plan"]["slug"] == ANTI_CORRUPTION
    assert len(dump["measures"]) == 62
    assert (
        len(dump["reports"])
        == ProgressReport.objects.filter(
            measure__plan__slug=ANTI_CORRUPTION, state="published"
        ).count()
    )


def test_schema_and_docs_are_served_without_a_cdn(api, seeded):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/measures/" in paths
    q = next(p for p in paths["/api/v1/measures/"]["get"]["parameters"] if p["name"] == "q")
    assert "korrupsiya" in q["description"]
    docs = api.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()
