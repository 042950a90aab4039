"""Atom feeds of published reports, and the pages in both languages."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import ANTI_CORRUPTION

pytestmark = pytest.mark.django_db


def test_plan_feed_is_atom_with_published_reports(client, seeded):
    response = client.get(reverse("plans:feed", args=[ANTI_CORRUPTION]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("application/atom+xml")
    assert body.count("<entry>") == 50
    assert "Ədliyyə Nazirliyi" in body
    assert f"/plans/{ANTI_CORRUPTION}/measures/" in body


def test_agency_feed_lists_its_reports_newest_first(client, seeded, agency_a):
    report = agency_a.reports.filter(state="published").order_by("pk").first()
    report.published_at = timezone.now()
    report.save()
    body = client.get(reverse("agencies:feed", args=[agency_a.slug])).content.decode()
    first = body[body.index("<entry>") :]
    assert f"#report-{report.pk}" in first[: first.index("</entry>")]
    assert "Samux" not in body


def test_board_link_to_feed_is_announced(client, seeded):
    page = client.get(reverse("plans:board", args=[ANTI_CORRUPTION])).content.decode()
    assert 'type="application/atom+xml"' in page


def test_english_switch_translates_the_board_and_sets_html_lang(client, seeded):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("plans:board", args=[ANTI_CORRUPTION])).content.decode()
    assert '<html lang="en">' in page
    assert "Status not stated" in page
    assert "Azərbaycanca" in page


def test_dates_follow_the_active_language(client, seeded, agency_a):
    report = agency_a.reports.filter(state="published", measure__number="2.1").first()
    report.published_at = timezone.make_aware(dt.datetime(2023, 3, 14, 12))
    report.save()
    url = report.measure.get_absolute_url()
    client.cookies.load({"django_language": "en"})
    english = client.get(url).content.decode()
    assert "March 14, 2023" in english
    client.cookies.load({"django_language": "az"})
    azerbaijani = client.get(url).content.decode()
    assert "March 14, 2023" not in azerbaijani and "2023" in azerbaijani


def test_agency_categories_read_in_english_after_the_switch(client, seeded):
    client.cookies.load({"django_language": "en"})
    page = client.get("/agencies/samux-rayon-icra-hakimiyyeti/").content.decode()
    assert "Local executive authorities" in page
    client.cookies.load({"django_language": "az"})
    page = client.get("/agencies/samux-rayon-icra-hakimiyyeti/").content.decode()
    assert "Yerli icra hakimiyyəti orqanları" in page
