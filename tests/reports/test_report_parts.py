"""Indicator values and sub-item lines in the agency's report: asked where the measure has
them, validated at the field, saved through the service with the report's version."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.models import Indicator
from reports import services
from reports.models import IndicatorValue, ProgressReport, SubItemProgress
from tests.factories import (
    AgencyFactory,
    IndicatorFactory,
    IndicatorTargetFactory,
    MembershipFactory,
    SubItemAssignmentFactory,
    SubItemFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def parts(measure_19, agency_b):
    """Measure 1.9 with a numeric indicator (target for 2021) and sub-items three deep."""
    indicator = IndicatorFactory(measure=measure_19, text="Maarifləndirmə tədbirlərinin sayı")
    IndicatorTargetFactory(indicator=indicator, year=2021, value=12)
    first = SubItemFactory(measure=measure_19, number="1.9.1", title="Seminarlar")
    second = SubItemFactory(measure=measure_19, parent=first, number="1.9.1.1", title="Kənd")
    third = SubItemFactory(measure=measure_19, parent=second, number="1.9.1.1.1", title="Məktəb")
    return {"indicator": indicator, "items": [first, second, third]}


def fields(indicator, items, **extra):
    data = {
        "works_done": "Samux RİH: seminarlar keçirilib.",
        "status": "in_progress",
        "action": "save",
        f"indicator_{indicator.pk}": "1 250,5",
        f"sub_item_{items[0].pk}_status": "done",
        f"sub_item_{items[0].pk}_text": "Üç seminar.",
        f"sub_item_{items[2].pk}_status": "in_progress",
    }
    data.update(extra)
    return data


def test_the_form_asks_for_indicator_values_and_sub_item_lines(
    client, staff_b, period, measure_19, agency_b, parts
):
    client.force_login(staff_b)
    url = reverse("reports:start", args=[period.pk, measure_19.pk, agency_b.pk])
    page = client.get(url).content.decode()
    assert "Maarifləndirmə tədbirlərinin sayı" in page
    assert "target for 2021: 12" in page and "baseline 10 (2021)" in page
    assert "1.9.1.1.1 Məktəb" in page and 'class="sub-item-line depth-2"' in page
    # The seed's text-only indicator asks for no value.
    text_only = Indicator.objects.filter(measure=measure_19, unit="", baseline=None)
    assert all(f"indicator_{i.pk}" not in page for i in text_only)


def test_values_and_lines_are_saved_with_the_report(
    client, staff_b, period, measure_19, agency_b, parts
):
    client.force_login(staff_b)
    url = reverse("reports:start", args=[period.pk, measure_19.pk, agency_b.pk])
    data = fields(parts["indicator"], parts["items"], expected_version=0)
    assert client.post(url, data).status_code == 302
    report = ProgressReport.objects.get(period=period, measure=measure_19, agency=agency_b)
    assert IndicatorValue.objects.get(report=report).value == Decimal("1250.5")
    lines = {line.sub_item.number: line for line in SubItemProgress.objects.filter(report=report)}
    assert {n: (line.status, line.text) for n, line in lines.items()} == {
        "1.9.1": ("done", "Üç seminar."),
        "1.9.1.1.1": ("in_progress", ""),
    }
    # The edit page shows them back; a change is a new version with history.
    page = client.get(reverse("reports:edit", args=[report.pk])).content.decode()
    assert 'value="1250.5"' in page and "Üç seminar." in page
    data = fields(parts["indicator"], parts["items"], expected_version=report.version)
    data[f"indicator_{parts['indicator'].pk}"] = ""
    client.post(reverse("reports:edit", args=[report.pk]), data)
    report.refresh_from_db()
    assert report.version == 2 and not IndicatorValue.objects.filter(report=report).exists()
    assert [h.history_change_reason for h in report.history.order_by("history_id")] == [
        "created",
        "saved",
    ]
    assert IndicatorValue.history.filter(history_type="-").count() == 1


@pytest.mark.parametrize("typed", ["çox", "12,5,5", "1e5", "0.00001", "10000000000000"])
def test_a_value_that_is_no_number_is_refused_at_its_field_and_nothing_typed_is_lost(
    client, staff_b, draft_b, parts, typed
):
    client.force_login(staff_b)
    indicator, items = parts["indicator"], parts["items"]
    data = fields(indicator, items, expected_version=draft_b.version)
    data[f"indicator_{indicator.pk}"] = typed
    response = client.post(reverse("reports:edit", args=[draft_b.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_indicator_{indicator.pk}_error"' in page
    assert f'href="#id_indicator_{indicator.pk}"' in page  # the summary links to it
    assert f'value="{typed}"' in page and "Üç seminar." in page
    draft_b.refresh_from_db()
    assert draft_b.version == 1 and not draft_b.indicator_values.exists()


def test_a_stale_save_keeps_the_typed_values(client, staff_b, draft_b, parts):
    client.force_login(staff_b)
    data = fields(parts["indicator"], parts["items"], expected_version=draft_b.version)
    services.save_report(report=draft_b, user=staff_b, works_done="Başqası yazdı.")
    response = client.post(reverse("reports:edit", args=[draft_b.pk]), data)
    page = response.content.decode()
    assert response.status_code == 409
    assert 'value="1 250,5"' in page and "Üç seminar." in page


def test_the_service_refuses_an_indicator_or_sub_item_of_another_measure(
    staff_b, draft_b, parts, seeded
):
    other = IndicatorFactory()
    with pytest.raises(ValidationError) as refused:
        services.save_report(
            report=draft_b, user=staff_b, works_done="x", indicator_values={other.pk: 3}
        )
    assert f"indicator_{other.pk}" in refused.value.error_dict
    foreign = SubItemFactory()
    with pytest.raises(ValidationError):
        services.save_report(
            report=draft_b, user=staff_b, works_done="x", sub_item_lines={foreign: ("done", "")}
        )
    draft_b.refresh_from_db()
    assert draft_b.version == 1


def test_an_executor_of_a_sub_item_only_may_report_on_the_measure(
    client, period, measure_19, parts
):
    ngo = AgencyFactory(name="Şəffaflıq QHT")
    SubItemAssignmentFactory(sub_item=parts["items"][1], agency=ngo, role="co")
    user = MembershipFactory(user=UserFactory(username="ngo_staff"), agency=ngo).user
    client.force_login(user)
    url = reverse("reports:start", args=[period.pk, measure_19.pk, ngo.pk])
    assert client.get(url).status_code == 200
    data = fields(parts["indicator"], parts["items"], expected_version=0)
    assert client.post(url, data).status_code == 302
    assert ProgressReport.objects.filter(agency=ngo, measure=measure_19).exists()


def test_the_report_page_shows_the_values_and_lines_to_the_agency_and_the_secretariat(
    client, staff_b, secretariat_user, period, measure_19, agency_b, parts
):
    report = services.save_report(
        measure=measure_19,
        agency=agency_b,
        period=period,
        user=staff_b,
        works_done="Hazırdır.",
        indicator_values={parts["indicator"]: "7.25"},
        sub_item_lines={parts["items"][2]: ("done", "Məktəbdə keçirilib.")},
    )
    for user in (staff_b, secretariat_user):
        client.force_login(user)
        page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
        assert "Maarifləndirmə tədbirlərinin sayı: <strong>7.25</strong> nəfər" in page
        assert "1.9.1.1.1</span> Məktəb — Done" in page and "Məktəbdə keçirilib." in page
