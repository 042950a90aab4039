"""Indicator values and sub-item lines in headless Chromium: the report form with nested
sub-items and a numeric indicator (a value that is no number refused at its field, the rest
kept), and the public measure page with the roll-up, at 1280 and 360 px, checked by axe.
Screenshots go to test-artifacts/sub-items/<width>/."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from agencies.models import Agency
from plans.models import Measure
from reports import services
from tests.browser.test_report_form import ARTIFACTS
from tests.browser.test_report_form import Session as FormSession
from tests.browser.test_reporting_journey import portal, report  # noqa: F401
from tests.conftest import OPEN_GOV
from tests.factories import (
    IndicatorFactory,
    IndicatorTargetFactory,
    SubItemAssignmentFactory,
    SubItemFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Session(FormSession):
    artifacts = ARTIFACTS.parent / "sub-items"


def add_parts() -> dict:
    measure = Measure.objects.get(plan__slug=OPEN_GOV, number="1.9")
    indicator = IndicatorFactory(measure=measure, text="Keçirilmiş seminarların sayı")
    IndicatorTargetFactory(indicator=indicator, year=2021, value=40)
    items, parent = [], None
    for number, title in [
        ("1.9.1", "Seminarların təşkili"),
        ("1.9.1.1", "Rayon mərkəzində seminarlar"),
        ("1.9.1.1.1", "Kəndlərdə seminarların uzun adlı davamı, dar ekranda sətirlərə bölünür"),
        ("1.9.1.1.1.1", "Məktəblərdə maarifləndirmə"),
    ]:
        parent = SubItemFactory(measure=measure, parent=parent, number=number, title=title)
        items.append(parent)
    samux = Agency.objects.get(slug="samux-rayon-icra-hakimiyyeti")
    SubItemAssignmentFactory(sub_item=items[1], agency=samux)
    return {"indicator": indicator, "items": items}


@pytest.mark.parametrize("width", [1280, 360])
def test_samux_reports_values_and_sub_items_and_the_public_sees_the_roll_up(
    browser,
    portal,  # noqa: F811
    width,
):
    parts = add_parts()
    indicator, items = parts["indicator"], parts["items"]
    staff = Session(browser, portal, width).login("samux")
    page = staff.page
    staff.open_1_9()
    value_field = f"#id_indicator_{indicator.pk}"
    page.fill("#id_works_done", "Samux RİH: seminarlar keçirilib.")
    page.fill(value_field, "çox")
    page.select_option(f"#id_sub_item_{items[0].pk}_status", "done")
    page.fill(f"#id_sub_item_{items[0].pk}_text", "Dörd seminar.")
    page.select_option(f"#id_sub_item_{items[3].pk}_status", "in_progress")
    staff.shot("01-form-with-sub-items")
    page.click("button[value=save]")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    link = page.locator(".error-summary a")
    assert link.count() == 1 and link.first.get_attribute("href") == value_field
    assert page.get_attribute(value_field, "aria-invalid") == "true"
    assert page.input_value(value_field) == "çox"
    assert page.input_value(f"#id_sub_item_{items[0].pk}_text") == "Dörd seminar."
    staff.shot("02-a-value-that-is-no-number")
    page.fill(value_field, "12,5")
    page.click("button[value=save]")
    page.wait_for_url(re.compile(r".*/reports/\d+/edit/$"))
    saved = report()
    assert [str(v.value) for v in saved.indicator_values.all()] == ["12.5000"]
    assert saved.sub_item_lines.count() == 2
    staff.context.close()

    officer = get_user_model().objects.get(username="katib")
    saved = services.submit_report(report=saved, user=saved.updated_by)
    services.accept_report(report=saved, user=officer)
    services.publish_report(report=report(), user=officer)
    citizen = Session(browser, portal, width)
    citizen.page.goto(portal + reverse("plans:measure", args=[OPEN_GOV, "1.9"]))
    text = citizen.page.inner_text("main")
    assert "1.9.1.1.1.1" in text and "12,5" in text
    citizen.shot("03-public-measure-page-with-sub-items")
    citizen.page.goto(portal + reverse("plans:board", args=[OPEN_GOV]) + "?year=2021&q=1.9")
    assert "12,5 / 40" in citizen.page.inner_text("main")
    citizen.shot("04-board-value-and-target")
    citizen.context.close()
