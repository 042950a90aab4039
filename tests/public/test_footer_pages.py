"""The footer's pages (about, contact, accessibility, privacy, open data, feeds), the favicon,
and the 404 and 500 pages in every UI language with DEBUG off."""

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from agencies.models import Agency
from plans.models import Plan
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

PAGES = ["about", "contact", "accessibility", "privacy", "open-data", "feeds"]
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def client_in(language: str) -> Client:
    client = Client()
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: language})
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_links_the_footer_pages_which_answer_in_the_readers_language(seeded, language):
    client = client_in(language)
    home = client.get("/").content.decode()
    footer = home[home.index('<footer class="site-footer">') :]
    for name in PAGES:
        assert f'href="{reverse(f"pages:{name}")}"' in footer, name
        response = client.get(reverse(f"pages:{name}"))
        assert response.status_code == 200, name
        html = response.content.decode()
        assert f'<html lang="{language}">' in html
        assert html.count("<h1>") == 1 and html.count("<p>") >= 2, name


@pytest.mark.django_db
def test_the_pages_have_real_content_in_azerbaijani_and_english(seeded, settings):
    settings.SECRETARIAT_CONTACT = {
        "email": "katiblik@example.az",
        "phone": "+994 12 555 55 55",
        "address": "Bakı, Nizami küçəsi 1",
    }
    settings.AUDIT_RETENTION_DAYS = 400
    en, az = client_in("en"), client_in("az")
    contact = en.get(reverse("pages:contact")).content.decode()
    assert 'href="mailto:katiblik@example.az"' in contact
    assert 'href="tel:+994125555555"' in contact and "Nizami küçəsi 1" in contact
    accessibility = en.get(reverse("pages:accessibility")).content.decode()
    assert "WCAG" in accessibility and "2.1" in accessibility and "level AA" in accessibility
    assert "Known limitations" in accessibility and "katiblik@example.az" in accessibility
    privacy = en.get(reverse("pages:privacy")).content.decode()
    assert "400 days" in privacy and "audit trail" in privacy
    assert "A session cookie is set only when you log in" in privacy
    with translation.override("az"):
        assert "400 gün" in az.get(reverse("pages:privacy")).content.decode()
        accessibility_az = az.get(reverse("pages:accessibility")).content.decode()
        assert "Əlçatanlıq bəyanatı" in accessibility_az and "(WCAG) 2.1, AA" in accessibility_az
        assert "Portal haqqında" in az.get(reverse("pages:about")).content.decode()
    open_data = en.get(reverse("pages:open-data")).content.decode()
    for name in ("api:api-root", "api:docs", "api:schema"):
        assert f'href="{reverse(name)}"' in open_data


@pytest.mark.django_db
def test_the_feeds_page_explains_and_lists_every_feed(seeded, client):
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "en"})
    html = client.get(reverse("pages:feeds")).content.decode()
    assert "How to subscribe" in html and "feed reader" in html
    for plan in Plan.objects.all():
        assert f'href="{reverse("plans:feed", args=[plan.slug])}"' in html
    for agency in Agency.objects.active():
        assert f'href="{reverse("agencies:feed", args=[agency.slug])}"' in html
    assert client.get(reverse("plans:feed", args=[OPEN_GOV])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/", f"/plans/{ANTI_CORRUPTION}/", "/agencies/edliyye-nazirliyi/"],
)
def test_every_feed_link_comes_with_a_link_to_the_feeds_page(seeded, client, url):
    html = client.get(url).content.decode()
    assert (
        html.count('class="feed-link"')
        == html.count(f'href="{reverse("pages:feeds")}" class="feed-help"')
        >= 1
    )


@pytest.mark.django_db
def test_favicon_is_linked_and_served(seeded, client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/static/favicon.ico" sizes="32x32">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/favicon.ico"
    static = settings.BASE_DIR / "static"
    assert (static / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert (static / "favicon.svg").read_text().startswith("<svg")
    assert (static / "apple-touch-icon.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


NOT_FOUND = {"az": "Səhifə tapılmadı", "en": "Page not found", "ru": "Страница не найдена"}
SERVER_ERROR = {"az": "Xəta baş verdi", "en": "Something went wrong", "ru": "Что-то пошло не так"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_404_in_every_language_with_debug_off(seeded, settings, language):
    settings.DEBUG = False
    response = client_in(language).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f"<h1>{NOT_FOUND[language]}</h1>" in html
    assert f'<html lang="{language}">' in html
    assert f'href="{reverse("plans:search")}"' in html  # a way on


def test_500_renders_without_a_request_or_the_database():
    """No django_db mark: any query here would fail the test."""
    for language in LANGUAGES:
        with translation.override(language):
            html = render_to_string("500.html")
        assert f'<html lang="{language}">' in html
        assert f"<h1>{SERVER_ERROR[language]}</h1>" in html
        assert "csrf" not in html.lower() and "<script" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_500_in_every_language_with_debug_off(seeded, settings, language, monkeypatch):
    settings.DEBUG = False
    from public import views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.HomeView, "get_queryset", broken)
    client = Client(raise_request_exception=False)
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: language})
    response = client.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert f"<h1>{SERVER_ERROR[language]}</h1>" in html
    assert "boom" not in html and "Traceback" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
