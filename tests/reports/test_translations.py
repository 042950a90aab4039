"""The secretariat's list of what lacks an English or Russian text: counts per plan and kind,
each item linked to its admin page, 404 for everyone else, a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import Indicator, SubItem
from reports.translations import missing_translations
from tests.factories import AgencyFactory, MeasureFactory, PlanFactory, PriorityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = "/workspace/translations/"


@pytest.fixture
def plan():
    """A plan in English but not in Russian, with one measure in both and one in neither."""
    plan = PlanFactory(title="Sınaq Planı", title_en="Test plan", slug="translation-test")
    priority = PriorityFactory(plan=plan, number=1, title="Şəffaflıq", title_ru="Прозрачность")
    MeasureFactory(
        priority=priority, number="1.1", title="Tərcümə olunmuş", title_en="Done", title_ru="Да"
    )
    bare = MeasureFactory(priority=priority, number="1.2", title="Tərcüməsiz tədbir")
    SubItem.objects.create(measure=bare, number="1.2.1", title="Alt bənd")
    Indicator.objects.create(measure=bare, text="Keçirilmiş seminarların sayı", text_en="Seminars")
    return plan


def report_of(plan, label):
    by_plan, _registry = missing_translations()
    reports = dict(by_plan)[plan]
    return next(r for r in reports if r.label == label)


def test_counts_what_lacks_english_and_russian_per_plan_and_kind(plan):
    measures = report_of(plan, "Measures")
    assert measures.total == 2 and measures.missing == {"en": 1, "ru": 1}
    assert [item.label for item in measures.items] == ["1.2"]
    assert measures.items[0].admin_url == reverse(
        "admin:plans_measure_change", args=[plan.measures.get(number="1.2").pk]
    )
    assert report_of(plan, "Plan titles").missing == {"en": 0, "ru": 1}
    assert report_of(plan, "Plan descriptions").total == 0  # no Azerbaijani text, nothing lacks
    assert report_of(plan, "Priorities").missing == {"en": 1, "ru": 0}
    assert report_of(plan, "Sub-items").missing == {"en": 1, "ru": 1}
    indicators = report_of(plan, "Indicators")
    assert indicators.missing == {"en": 0, "ru": 1}
    assert indicators.items[0].missing == ["Russian"]


def test_the_secretariat_sees_the_items_with_links_to_the_admin(client, plan, secretariat_user):
    client.force_login(secretariat_user)
    page = client.get(URL).content.decode()
    assert "Missing translations" in page and "Test plan" in page
    bare = plan.measures.get(number="1.2")
    assert f'href="{reverse("admin:plans_measure_change", args=[bare.pk])}"' in page
    assert "Tərcüməsiz tədbir" in page and "Tərcümə olunmuş" not in page
    # Seed agencies without a Russian name are listed under the registry, linked to the admin.
    assert re.search(r'href="/admin/agencies/agency/\d+/change/"', page)


def test_agency_staff_and_visitors_cannot_see_it(client, plan, staff_a):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(staff_a)
    assert client.get(URL).status_code == 404


def count_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_page_runs_a_fixed_number_of_queries(client, plan, secretariat_user):
    client.force_login(secretariat_user)
    small = count_queries(client)
    for number in range(3, 30):
        measure = MeasureFactory(priority=plan.priorities.get(), number=f"1.{number}")
        SubItem.objects.create(measure=measure, number=f"1.{number}.1", title="Alt bənd")
        Indicator.objects.create(measure=measure, text="Göstərici")
        AgencyFactory()
    PlanFactory()
    large = count_queries(client)
    assert large == small
