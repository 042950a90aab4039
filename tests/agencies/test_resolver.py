import pytest
from django.conf import settings

from agencies.registry import AgencyResolver

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolver(seeded):
    return AgencyResolver(settings.FIXTURES_DIR / "agencies.toml")


def test_roles_follow_the_headings_of_the_cell(resolver):
    parsed = resolver.parse(
        "İcraçı: Maliyyə Nazirliyi Təvsiyə edilir: Milli Məclis", default_role="main"
    )
    assert [(e.role, e.agency.name) for e in parsed.executors] == [
        ("main", "Maliyyə Nazirliyi"),
        ("recommended", parsed.executors[1].agency.name),
    ]
    assert parsed.unresolved == []


def test_a_name_with_a_comma_inside_is_one_agency(resolver):
    parsed = resolver.parse(
        "İcraçılar: Nəqliyyat, Rabitə və Yüksək Texnologiyalar Nazirliyi, Ədliyyə Nazirliyi",
        default_role="main",
    )
    assert len(parsed.executors) == 2
    assert parsed.unresolved == []


def test_vague_phrases_are_kept_apart_and_unknown_names_reported(resolver):
    parsed = resolver.parse(
        "Maliyyə Monitorinq Xidməti və aidiyyəti dövlət qurumları, Ay Nazirliyi", default_role="co"
    )
    assert [e.agency.slug for e in parsed.executors] == [parsed.executors[0].agency.slug]
    assert parsed.general == ["aidiyyəti dövlət qurumları"]
    assert parsed.unresolved == ["Ay Nazirliyi"]


def test_misspelt_recommendation_heading_is_understood(resolver):
    parsed = resolver.parse("Təvsiyə edilir: Baş Prokurorluq", default_role="main")
    assert [e.role for e in parsed.executors] == ["recommended"]
