"""Fixtures of the API tests: a fresh cache (throttling, Last-Modified) and API clients."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    """An anonymous API client, as a journalist's script would be."""
    return APIClient()


def token_client(user) -> APIClient:
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def api_a(staff_a):
    """Agency A's system (Ədliyyə Nazirliyi), authenticated with staff_a's token."""
    return token_client(staff_a)


@pytest.fixture
def api_b(staff_b):
    """Agency B's system (Samux), authenticated with staff_b's token."""
    return token_client(staff_b)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed per test; PBKDF2 would make that take most of it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def open_period(seeded, secretariat_user):
    """2021 of the Open Government plan, opened by the secretariat through the service."""
    from datetime import date

    from reports import services
    from tests.conftest import OPEN_GOV

    return services.open_period(
        plan=seeded[OPEN_GOV], year=2021, due_date=date(2022, 1, 31), user=secretariat_user
    )


@pytest.fixture
def measure_19(seeded):
    """Item 1.9: both agencies owe it, Samux through its category."""
    from plans.models import Measure
    from tests.conftest import OPEN_GOV

    return Measure.objects.get(plan__slug=OPEN_GOV, number="1.9")


DRAFT_CANARY = "KANARYA-api-9e1d-draft-text"


@pytest.fixture
def draft_a(open_period, measure_19, staff_a, agency_a):
    """Agency A's draft on 1.9, saved through the workflow service."""
    from reports import services

    return services.save_report(
        measure=measure_19,
        agency=agency_a,
        period=open_period,
        user=staff_a,
        works_done=f"Ədliyyə Nazirliyi: hesabat hazırlanır. {DRAFT_CANARY}",
        status="in_progress",
    )
