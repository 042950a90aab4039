"""The submission API writes and reads indicator values and sub-item lines like the form."""

from decimal import Decimal

import pytest

from reports.models import IndicatorValue, SubItemProgress
from tests.factories import IndicatorFactory, SubItemFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/workspace/reports/"


@pytest.fixture
def parts(measure_19):
    return {
        "indicator": IndicatorFactory(measure=measure_19),
        "item": SubItemFactory(measure=measure_19, number="1.9.1"),
    }


def test_a_system_saves_values_and_lines_with_the_version(api_a, draft_a, parts):
    indicator, item = parts["indicator"], parts["item"]
    response = api_a.patch(
        f"{URL}{draft_a.pk}/",
        {
            "indicator_values": [{"indicator": indicator.pk, "value": "42.5"}],
            "sub_items": [{"sub_item": item.pk, "status": "done", "text": "Bitib."}],
        },
        format="json",
        HTTP_IF_MATCH=f'"{draft_a.version}"',
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["version"] == 2
    assert body["indicator_values"] == [{"indicator": indicator.pk, "value": "42.5000"}]
    assert body["sub_items"] == [
        {"sub_item": item.pk, "number": "1.9.1", "status": "done", "text": "Bitib."}
    ]
    assert IndicatorValue.objects.get(report=draft_a).value == Decimal("42.5")
    # A later save that sends neither leaves them as they are.
    response = api_a.patch(
        f"{URL}{draft_a.pk}/", {"works_done": "Yeni."}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert response.status_code == 200
    assert SubItemProgress.objects.get(report=draft_a).status == "done"


def test_a_value_that_is_no_number_or_of_another_measure_is_a_400(api_a, draft_a, parts):
    bad = api_a.patch(
        f"{URL}{draft_a.pk}/",
        {"indicator_values": [{"indicator": parts["indicator"].pk, "value": "çox"}]},
        format="json",
        HTTP_IF_MATCH=f'"{draft_a.version}"',
    )
    assert bad.status_code == 400 and "indicator_values" in bad.json()
    other = IndicatorFactory()
    foreign = api_a.patch(
        f"{URL}{draft_a.pk}/",
        {"indicator_values": [{"indicator": other.pk, "value": "1"}]},
        format="json",
        HTTP_IF_MATCH=f'"{draft_a.version}"',
    )
    assert foreign.status_code == 400 and f"indicator_{other.pk}" in foreign.json()
    draft_a.refresh_from_db()
    assert draft_a.version == 1
