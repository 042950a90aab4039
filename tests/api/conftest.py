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
    from accounts.services import issue_token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user=user)[1]}")
    return client


@pytest.fixture
def api_a(staff_a):
    """Agency A's system (Ədliyyə Nazirliyi), authenticated with staff_a's token."""
    return token_client(staff_a)


@pytest.fixture
def api_b(staff_b):
    """Agency B's system (Samux), authenticated with staff_b's token."""
    return token_client(staff_b)


DRAFT_CANARY = "KANARYA-api-9e1d-draft-text"


@pytest.fixture
def draft_a(period, measure_19, staff_a, agency_a):
    """Agency A's draft on 1.9, saved through the workflow service."""
    from reports import services

    return services.save_report(
        measure=measure_19,
        agency=agency_a,
        period=period,
        user=staff_a,
        works_done=f"Ədliyyə Nazirliyi: hesabat hazırlanır. {DRAFT_CANARY}",
        status="in_progress",
    )


def body(response) -> bytes:
    """The response's bytes, whether it was streamed (a plan's dump) or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content
