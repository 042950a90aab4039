"""Every HTML page carries a Content-Security-Policy that allows no inline script or style."""

import re

import pytest

from tests.conftest import ANTI_CORRUPTION

pytestmark = pytest.mark.django_db


def assert_strict_csp(response) -> None:
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "default-src 'self'" in policy


@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"/plans/{ANTI_CORRUPTION}/",
        f"/plans/{ANTI_CORRUPTION}/measures/1.1/",
        "/agencies/",
        "/search/?q=edliyye",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/api/docs/",
        "/admin/login/",
        "/no-such-page/",
    ],
)
def test_html_pages_carry_a_strict_csp_and_no_inline_code(client, seeded, url):
    response = client.get(url)
    assert response["Content-Type"].startswith("text/html")
    assert_strict_csp(response)
    html = response.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline <script>"
    assert "<style" not in html and " style=" not in html


def test_workspace_pages_carry_the_csp(client, staff_b, secretariat_user):
    client.force_login(staff_b)
    assert_strict_csp(client.get("/workspace/"))
    client.force_login(secretariat_user)
    for url in ["/workspace/review/", "/admin/", "/accounts/tokens/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert_strict_csp(response)


def test_production_sends_hsts(client, seeded, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
