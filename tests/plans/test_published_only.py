"""Unpublished report text never reaches a public page, a search hit or a feed."""

import pytest
from django.urls import reverse

from plans.models import Measure
from plans.search import search_measures
from reports.models import ProgressReport
from reports.search_index import reindex_measures
from tests.conftest import ANTI_CORRUPTION
from tests.factories import PeriodFactory, ReportFactory

pytestmark = pytest.mark.django_db
CANARY = "Kanareykaquşu"  # a word no document contains; pages that echo a query show it
SECRET = "Gizlisözcük"  # in every canary text, never typed in a query


@pytest.fixture
def canaries(seeded, agency_a):
    """The canary in every non-public report: each unpublished state, and a published report
    of a period whose results are not published."""
    plan = seeded[ANTI_CORRUPTION]
    measure = plan.measures.get(number="2.1")
    period_2022 = plan.periods.get(year=2022)
    hidden_period = PeriodFactory(plan=plan, year=2023, is_published=False, is_open=True)
    reports = [
        ReportFactory(
            measure=plan.measures.get(number=number),
            agency=agency_a,
            period=period_2022,
            state=state,
            works_done=f"{CANARY} {SECRET} {state} mətni.",
        )
        for number, state in [
            ("1.3", ProgressReport.State.DRAFT),
            ("1.4", ProgressReport.State.SUBMITTED),
            ("1.6", ProgressReport.State.RETURNED),
            ("1.7", ProgressReport.State.ACCEPTED),
        ]
        if not plan.measures.get(number=number)
        .reports.filter(agency=agency_a, period=period_2022)
        .exists()
    ]
    reports.append(
        ReportFactory(
            measure=measure,
            agency=agency_a,
            period=hidden_period,
            state=ProgressReport.State.PUBLISHED,
            works_done=f"{CANARY} {SECRET} dərc edilməmiş dövr.",
        )
    )
    reindex_measures(plan.measures.all())
    return reports


def public_urls(plan_slug, agency_slug, numbers):
    urls = [
        "/",
        reverse("plans:board", args=[plan_slug]),
        reverse("plans:board", args=[plan_slug]) + f"?q={CANARY}",
        reverse("plans:board", args=[plan_slug]) + "?year=2023",
        reverse("plans:search") + f"?q={CANARY}",
        reverse("plans:search") + "?q=edliyye",
        reverse("plans:feed", args=[plan_slug]),
        reverse("plans:amendments", args=[plan_slug]),
        reverse("agencies:list"),
        reverse("agencies:detail", args=[agency_slug]),
        reverse("agencies:feed", args=[agency_slug]),
    ]
    urls += [reverse("plans:measure", args=[plan_slug, n]) for n in numbers]
    return urls


def test_canary_text_appears_on_no_public_page_search_hit_or_feed(client, canaries, agency_a):
    assert len(canaries) >= 2
    numbers = {report.measure.number for report in canaries}
    for url in public_urls(ANTI_CORRUPTION, agency_a.slug, numbers):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 200, url
        assert SECRET not in page, url
        if CANARY not in url:
            assert CANARY not in page, url
    assert not search_measures(Measure.objects.all(), CANARY).exists()
    assert not search_measures(Measure.objects.all(), SECRET).exists()
    page = client.get(reverse("plans:search"), {"q": CANARY}).content.decode()
    assert "search-results" in page and 'class="measure"' not in page


def test_search_finds_the_text_once_published(client, canaries, agency_a):
    draft = canaries[0]
    draft.state = ProgressReport.State.PUBLISHED
    draft.save()
    reindex_measures(Measure.objects.filter(pk=draft.measure_id))
    page = client.get(reverse("plans:search"), {"q": CANARY}).content.decode()
    assert f"<mark>{CANARY}</mark>" in page
    assert draft.measure.get_absolute_url() in page
    # The published report of the unpublished period stays hidden.
    assert "dərc edilməmiş dövr" not in page


def test_measure_page_of_an_unpublished_period_shows_no_status_for_it(client, canaries):
    hidden = canaries[-1]
    page = client.get(hidden.measure.get_absolute_url()).content.decode()
    assert 'id="year-2023"' not in page
