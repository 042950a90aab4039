"""The secretariat imports a plan in the browser: upload → preview → map a name → confirm,
each page checked by axe and for sideways scrolling at 1280 and 360 px.
Screenshots go to test-artifacts/report-form/<width>/ (import-*)."""

import re

import pytest

from agencies.models import Agency
from plans.models import Measure, SubItem
from tests.browser.test_report_form import Session
from tests.browser.test_reporting_journey import portal  # noqa: F401
from tests.plans.intake_helpers import xlsx
from tests.plans.test_intake_acceptance import CSO, MISSPELT, rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.mark.parametrize("width", [1280, 360])
def test_officer_imports_a_plan_through_the_preview(browser, portal, width):  # noqa: F811
    katib = Session(browser, portal, width).login("katib")
    page = katib.page
    page.goto(portal + "/workspace/intake/")
    katib.shot("import-upload")
    page.set_input_files(
        "#id_file", files=[{"name": "plan.xlsx", "mimeType": XLSX, "buffer": xlsx(rows())}]
    )
    page.fill("#id_title", "Sınaq planı")
    page.fill("#id_slug", f"trial-{width}")
    page.fill("#id_start_year", "2022")
    page.fill("#id_end_year", "2024")
    page.click("form.report-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/workspace/intake/[0-9a-f-]{36}/$"))
    assert MISSPELT in page.content() and CSO in page.content()
    katib.shot("import-preview")

    justice = Agency.objects.get(slug="edliyye-nazirliyi")
    form = page.locator("form.name-map", has_text=MISSPELT)
    form.locator("select[name=agency]").select_option(str(justice.pk))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    assert MISSPELT not in page.locator("#names ~ form").all_inner_texts().__str__()
    katib.shot("import-preview-mapped")

    page.locator("form[action$='/confirm/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/workspace/intake/[0-9a-f-]{36}/$"))
    katib.shot("import-saved")
    assert Measure.objects.filter(plan__slug=f"trial-{width}").count() == 2
    assert SubItem.objects.filter(measure__plan__slug=f"trial-{width}").count() == 3
    katib.context.close()
