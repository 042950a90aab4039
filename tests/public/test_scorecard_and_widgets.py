"""The agency scorecard across all plans, and the embeddable status card and SVG badge of a
plan or an agency: numbers from the one rule of each (reports.obligations, plans.status),
framable only themselves, cached."""

import re
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from django.conf import settings
from django.urls import reverse

from agencies.models import Agency
from plans.models import Assignment, Plan
from public.board import BoardFilters, board_summary
from public.selectors import agency_periods_records, year_record
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

pytestmark = pytest.mark.django_db
EDLIYYE = "edliyye-nazirliyi"


@pytest.fixture(autouse=True)
def english(client):
    client.cookies.load({"django_language": "en"})


def figures(html: str) -> dict[str, int]:
    return {
        label: int(value)
        for label, value in re.findall(r"<div><dt>([^<]+)</dt><dd>(\d+)</dd></div>", html)
    }


def test_the_scorecard_sums_the_agencys_record_and_counts_its_measures(client, seeded):
    agency = Agency.objects.get(slug=EDLIYYE)
    response = client.get(reverse("agencies:scorecard", args=[EDLIYYE]))
    assert response.status_code == 200
    html = response.content.decode()
    plans = Plan.objects.filter(slug__in=[OPEN_GOV, ANTI_CORRUPTION])
    records = agency_periods_records(agency, [p.pk for p in plans])
    expected = sum(r.expected for rows in records.values() for _p, r in rows)
    on_time = sum(r.on_time for rows in records.values() for _p, r in rows)
    assert expected and on_time
    named = Assignment.objects.filter(measure__plan__in=plans).filter(
        agency=agency
    ) | Assignment.objects.filter(measure__plan__in=plans, category=agency.category_id)
    measures = set(named.values_list("measure_id", flat=True))
    shown = figures(html)
    assert shown["Reports expected"] == expected and shown["On time"] == on_time
    assert shown["Measures"] == len(measures)
    # Per plan and role, the number of measures that name it in that role.
    plan = Plan.objects.get(slug=OPEN_GOV)
    main = named.filter(measure__plan=plan, role="main").values("measure_id").distinct().count()
    role_link = (
        f'href="{plan.get_absolute_url()}?agency={EDLIYYE}&amp;role=main">Main executor</a>: '
        f"<strong>{main}</strong>"
    )
    assert role_link in html
    # No civil-society block until the civic app's assessments are connected.
    assert "Civil-society assessments" not in html


def test_the_scorecards_statuses_are_the_boards_for_the_agency(client, seeded):
    plan = Plan.objects.get(slug=OPEN_GOV)
    filters = BoardFilters.for_plan(plan, {"agency": EDLIYYE})
    board = Counter(
        "overdue" if overdue else status for _p, status, overdue in board_summary(plan, filters)
    )
    html = client.get(reverse("agencies:scorecard", args=[EDLIYYE])).content.decode()
    section = html[html.index(f'id="plan-{plan.pk}"') :]
    section = section[: section.index("</section>")]
    assert f"Status of its measures in {filters.year}" in section
    for key, count in board.items():
        assert re.search(
            rf"fill-{key}\" aria-hidden=\"true\"></span>[^<]+: <strong>{count}</strong>", section
        ), key
    # The anti-corruption plan states no status: a sentence, not a grey bar.
    other = html[html.index(f'id="plan-{Plan.objects.get(slug=ANTI_CORRUPTION).pk}"') :]
    other = other[: other.index("</section>")]
    assert "state no status for any of these" in other and "fill-not_stated" not in other


def test_the_agency_page_links_its_scorecard_and_unknown_agencies_are_404(client, seeded):
    html = client.get(reverse("agencies:detail", args=[EDLIYYE])).content.decode()
    assert f'href="{reverse("agencies:scorecard", args=[EDLIYYE])}"' in html
    for name in ("agencies:scorecard", "agencies:widget", "agencies:badge"):
        assert client.get(reverse(name, args=["no-such-agency"])).status_code == 404
    for name in ("plans:widget", "plans:badge"):
        assert client.get(reverse(name, args=["no-such-plan"])).status_code == 404
    inactive = Agency.objects.get(slug=EDLIYYE)
    Agency.objects.filter(pk=inactive.pk).update(is_active=False)
    assert client.get(reverse("agencies:scorecard", args=[EDLIYYE])).status_code == 404


@pytest.mark.parametrize(
    ("name", "slug"),
    [("plans:widget", OPEN_GOV), ("plans:widget", ANTI_CORRUPTION), ("agencies:widget", EDLIYYE)],
)
def test_only_the_widget_may_be_framed_and_it_is_cached(client, seeded, name, slug):
    response = client.get(reverse(name, args=[slug]))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors *" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert f"max-age={settings.WIDGET_CACHE_SECONDS}" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert {"Accept-Language", "Cookie"} <= {v.strip() for v in response["Vary"].split(",")}
    html = response.content.decode()
    assert "<script" not in html and " style=" not in html and "<form" not in html
    assert 'target="_blank" rel="noopener"' in html
    # Every other page still refuses to be framed.
    board = client.get(reverse("plans:board", args=[OPEN_GOV]))
    assert (
        board["X-Frame-Options"] == "DENY"
        and "frame-ancestors 'none'" in board["Content-Security-Policy"]
    )


def test_the_plan_widget_shows_the_boards_numbers(client, seeded):
    plan = Plan.objects.get(slug=ANTI_CORRUPTION)
    record = year_record(plan, 2022)
    html = client.get(reverse("plans:widget", args=[ANTI_CORRUPTION])).content.decode()
    assert (
        f"reports handed in: {record.handed_in} of {record.expected}, {record.on_time} on time"
        in html
    )
    open_gov = client.get(reverse("plans:widget", args=[OPEN_GOV])).content.decode()
    assert "Status of measures in 2022" in open_gov and "status-bar" in open_gov


def parse_svg(response) -> ET.Element:
    assert response["Content-Type"].startswith("image/svg+xml")
    assert f"max-age={settings.WIDGET_CACHE_SECONDS}" in response["Cache-Control"]
    text = response.content.decode()
    assert "<script" not in text and "on" + "load" not in text
    return ET.fromstring(text)


SVG = "{http://www.w3.org/2000/svg}"


def test_badges_are_svg_with_the_numbers_and_a_title(client, seeded):
    plan = Plan.objects.get(slug=ANTI_CORRUPTION)
    record = year_record(plan, 2022)
    svg = parse_svg(client.get(reverse("plans:badge", args=[ANTI_CORRUPTION])))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["Reports 2022", f"{record.handed_in} / {record.expected}"]
    assert svg.get("role") == "img" and svg.find(f"{SVG}title").text.endswith(texts[1])
    svg = parse_svg(client.get(reverse("plans:badge", args=[OPEN_GOV])))
    assert [t.text for t in svg.iter(f"{SVG}text")][0] == "Done in 2022"
    agency = Agency.objects.get(slug=EDLIYYE)
    plans = Plan.objects.filter(slug__in=[OPEN_GOV, ANTI_CORRUPTION])
    rows = [
        r for rs in agency_periods_records(agency, [p.pk for p in plans]).values() for _p, r in rs
    ]
    share = 100 * sum(r.on_time for r in rows) / sum(r.expected for r in rows)
    svg = parse_svg(client.get(reverse("agencies:badge", args=[EDLIYYE])))
    assert [t.text for t in svg.iter(f"{SVG}text")] == ["Reports on time", f"{share:.0f}%"]


def test_badge_in_azerbaijani(client, seeded):
    client.cookies.load({"django_language": "az"})
    svg = parse_svg(client.get(reverse("agencies:badge", args=[EDLIYYE])))
    assert [t.text for t in svg.iter(f"{SVG}text")][0] == "Vaxtında hesabatlar"


def test_a_draft_plan_has_no_widget_or_badge(client, seeded):
    from tests.factories import PlanFactory

    draft = PlanFactory(status=Plan.Status.DRAFT)
    for name in ("plans:widget", "plans:badge", "plans:board"):
        assert client.get(reverse(name, args=[draft.slug])).status_code == 404, name
    draft.status = Plan.Status.ACTIVE
    draft.save(update_fields=["status"])
    assert client.get(reverse("plans:widget", args=[draft.slug])).status_code == 200
    svg = parse_svg(client.get(reverse("plans:badge", args=[draft.slug])))
    assert [t.text for t in svg.iter(f"{SVG}text")][1] == "—"  # nothing published yet
