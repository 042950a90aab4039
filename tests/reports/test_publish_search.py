"""Publishing, withdrawing and correcting keep the public search in step with public text."""

import pytest

from plans.models import Measure
from plans.search import search_measures
from reports import services
from tests.conftest import OPEN_GOV
from tests.reports.conftest import advance

pytestmark = pytest.mark.django_db


def found(word: str) -> set[str]:
    plan_measures = Measure.objects.filter(plan__slug=OPEN_GOV)
    return set(search_measures(plan_measures, word).values_list("number", flat=True))


def test_published_text_becomes_searchable_and_a_correction_replaces_it(
    draft_a, staff_a, secretariat_user
):
    services.save_report(
        report=draft_a,
        user=staff_a,
        works_done="Zümrüdqanad layihəsi başa çatdı.",
        status="done",
        expected_version=draft_a.version,
    )
    draft_a.refresh_from_db()
    accepted = advance(draft_a, "accepted", owner=staff_a, secretariat=secretariat_user)
    assert found("zumrudqanad") == set()  # accepted is not public yet

    published = services.publish_report(report=accepted, user=secretariat_user)
    assert found("ZÜMRÜDQANAD") == {"1.9"}

    services.correct_report(
        report=published,
        user=secretariat_user,
        works_done="Qızılqanad layihəsi başa çatdı.",
        status="done",
        reason="Layihənin adı səhv yazılmışdı.",
    )
    assert found("zumrudqanad") == set()
    assert found("qizilqanad") == {"1.9"}


def test_publishing_a_whole_period_indexes_every_report_it_makes_public(
    draft_a, draft_b, staff_a, staff_b, secretariat_user
):
    for report, owner in ((draft_a, staff_a), (draft_b, staff_b)):
        advance(report, "accepted", owner=owner, secretariat=secretariat_user)
    query = "samux rih qaydalarina keçirilib"  # only draft B's text has all four words
    assert "1.9" not in found(query)
    services.publish_period(period=draft_b.period, user=secretariat_user)
    assert "1.9" in found(query)
