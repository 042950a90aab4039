"""The API's browsable docs (Swagger UI from our own static files) work under the strict CSP."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_the_schema_without_csp_violations(browser, live_server):
    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title", timeout=20_000)
    assert "NAP Portal open-data API" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock-tag").count() > 0
