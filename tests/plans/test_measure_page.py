"""The measure page: executors with categories expanded, reports by year and agency, history."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    """Pages in English, so assertions on UI text hold whatever the Azerbaijani catalog says."""
    client.cookies.load({"django_language": "en"})


def test_category_executors_are_expanded_into_the_agencies_they_oblige(client, seeded):
    page = client.get(reverse("plans:measure", args=[OPEN_GOV, "1.9"])).content.decode()
    assert "agencies obliged" in page
    assert "Samukh District Executive Authority" in page  # its English name, in English
    client.cookies.load({"django_language": "az"})
    page = client.get(reverse("plans:measure", args=[OPEN_GOV, "1.9"])).content.decode()
    assert "Samux Rayon İcra Hakimiyyəti" in page


def test_recommended_bodies_are_marked_as_not_obliged(client, seeded):
    page = client.get(reverse("plans:measure", args=[OPEN_GOV, "1.2"])).content.decode()
    recommended = page[page.index("Recommended (not obliged)") :]
    assert "Commission on Combating Corruption" in recommended[:2000]


def test_reports_are_grouped_by_year_then_agency_with_paragraphs(client, seeded):
    page = client.get(reverse("plans:measure", args=[ANTI_CORRUPTION, "2.1"])).content.decode()
    year = page[page.index('id="year-2022"') :]
    agencies = [
        name
        for name in ["Ministry of Finance", "Ministry of Justice"]
        if f">{name}</a></h4>" in year
    ]
    assert len(agencies) == 2 and agencies == sorted(agencies)  # by name within the year
    assert "Status by year" in page and "Status not stated" in page


def test_unknown_measure_is_404(client, seeded):
    assert client.get(reverse("plans:measure", args=[OPEN_GOV, "99.99"])).status_code == 404


def test_trigram_index_exists_on_postgresql_only(seeded):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'plans_measure_search_trgm'"
            )
            (definition,) = cursor.fetchone()
            assert "gin" in definition and "gin_trgm_ops" in definition
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'plans_measure_search_trgm'"
            )
            assert cursor.fetchone() == (0,)
