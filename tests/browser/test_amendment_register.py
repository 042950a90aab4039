"""The measure page's change notice and the plan's amendment register in headless Chromium,
at 1280 and 360 px, checked by axe and for sideways scrolling."""

import datetime

import pytest

from agencies.models import Agency
from plans import amendments
from plans.amendments import LegalBasis
from plans.models import Measure
from tests.browser.test_citizen_journey import Visit, portal  # noqa: F401 (fixture)
from tests.conftest import OPEN_GOV

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 360])
def test_a_citizen_reads_how_measure_212_changed(browser, portal, width):  # noqa: F811
    measure = Measure.objects.get(plan__slug=OPEN_GOV, number="2.12")
    chamber = Agency.objects.get(name="Hesablama Palatası")
    amendments.record(
        measure.plan,
        [
            amendments.change(
                "2.12 nömrəli tədbir", "executors", "icraçılar", "", f"Əsas icraçı: {chamber}"
            ),
            *amendments.field_changes(
                measure, {"period_text": "2020-2021"}, label="2.12 nömrəli tədbir"
            ),
        ],
        user=None,
        basis=LegalBasis(
            "Sərəncam № 1234", datetime.date(2021, 3, 15), "İcraçı sütunu indikatoru təkrarlayırdı."
        ),
        measure=measure,
    )
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="az-AZ")
    page = context.new_page()
    visit = Visit(page, width)
    page.goto(f"{portal}{measure.get_absolute_url()}")
    assert "Katiblik tərəfindən dəyişdirilib" in page.inner_text("main")
    page.click("summary:has-text('dəyişiklik')")
    visit.check("measure-changed")
    page.click("text=Dəyişikliklər reyestri")
    page.wait_for_load_state("load")
    text = page.inner_text("main")
    assert "Sərəncam № 1234" in text and "Əsas icraçı: Hesablama Palatası" in text
    visit.check("amendment-register")
    context.close()
