"""Atom feeds of published reports, and the pages in both languages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import ANTI_CORRUPTION

pytestmark = pytest.mark.django_db


def test_plan_feed_is_atom_with_published_reports(client, seeded):
    response = client.get(reverse("plans:feed", args=[ANTI_CORRUPTION]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert body.count("<entry>") == 50
    assert "Ədliyyə Nazirliyi" in body
    assert f"/plans/{ANTI_CORRUPTION}/measures/" in body


def test_agency_feed_lists_its_reports_newest_first(client, seeded, agency_a):
    report = agency_a.reports.filter(state="published").order_by("pk").first()
    report.published_at = timezone.now()
    report.save()
    body = client.get(reverse("agencies:feed", args=[agency_a.slug])).content.decode()
    first = body[body.index("<entry>") :]
    assert f"#report-{report.pk}" in first[: first.index("</entry>")]
    assert "Samux" not in body


def test_board_link_to_feed_is_announced(client, seeded):
    page = client.get(reverse("plans:board", args=[ANTI_CORRUPTION])).content.decode()
    assert 'type="application/atom+xml"' in page


def test_english_switch_translates_the_board_and_sets_html_lang(client, seeded):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("plans:board", args=[ANTI_CORRUPTION])).content.decode()
    assert '<html lang="en">' in page
    assert "Status not stated" in page
    assert "Azərbaycanca" in page


def test_dates_follow_the_active_language(client, seeded, agency_a):
    report = agency_a.reports.filter(state="published", measure__number="2.1").first()
    report.published_at = timezone.make_aware(dt.datetime(2023, 3, 14, 12))
    report.save()
    url = report.measure.get_absolute_url()
    client.cookies.load({"django_language": "en"})
    english = client.get(url).content.decode()
    assert "March 14, 2023" in english
    client.cookies.load({"django_language": "az"})
    azerbaijani = client.get(url).content.decode()
    assert "March 14, 2023" not in azerbaijani and "2023" in azerbaijani


def test_agency_categories_read_in_english_after_the_switch(client, seeded):
    client.cookies.load({"django_language": "en"})
    page = client.get("/agencies/samux-rayon-icra-hakimiyyeti/").content.decode()
    assert "Local executive authorities" in page
    client.cookies.load({"django_language": "az"})
    page = client.get("/agencies/samux-rayon-icra-hakimiyyeti/").content.decode()
    assert "Yerli icra hakimiyyəti orqanları" in page


@pytest.mark.parametrize("limit", [1, 3, 50])
def test_plan_feed_takes_the_newest_reports_across_periods(db, limit):
    """Dated reports newest first whatever their year, then the imported (undated) ones by
    year and id: the same order as sorting every public report of the plan."""
    from django.db.models import F

    from public.selectors import newest_report_ids, public_reports
    from tests.factories import (
        AgencyFactory,
        MeasureFactory,
        PeriodFactory,
        PlanFactory,
        PriorityFactory,
        ReportFactory,
    )

    plan = PlanFactory(start_year=2021, end_year=2023, status="active")
    priority = PriorityFactory(plan=plan)
    measures = [MeasureFactory(priority=priority, number=f"1.{n}") for n in range(1, 4)]
    agencies = [AgencyFactory() for _ in range(2)]
    periods = [PeriodFactory(plan=plan, year=year, is_published=True) for year in (2021, 2022)]
    hidden = PeriodFactory(plan=plan, year=2023, is_published=False)
    base = timezone.make_aware(dt.datetime(2024, 5, 1, 9))
    times = {(2021, 0): base + dt.timedelta(days=3), (2022, 1): base, (2021, 2): base}
    for period in [*periods, hidden]:
        for index, measure in enumerate(measures):
            for agency in agencies:
                ReportFactory(
                    measure=measure,
                    agency=agency,
                    period=period,
                    state="published",
                    published_at=times.get((period.year, index)),
                )
    expected = list(
        public_reports()
        .filter(period__plan=plan)
        .order_by(F("published_at").desc(nulls_last=True), "-period__year", "-pk")
        .values_list("pk", flat=True)[:limit]
    )
    assert newest_report_ids(plan, limit) == expected
    assert len(expected) == min(limit, 12)
