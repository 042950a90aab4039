"""Shared fixtures: the real seed data loaded once per session, and fixed personas."""

import pytest
from django.conf import settings

from plans.importers.seeds import import_seeds

OPEN_GOV = "open-government-2020-2022"
ANTI_CORRUPTION = "anti-corruption-2022-2026"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real plans once; each test runs in a transaction rolled back afterwards."""
    with django_db_blocker.unblock():
        import_seeds(settings.FIXTURES_DIR)


@pytest.fixture
def seeded(db):
    """The seed data, for tests that read it (loaded once by ``django_db_setup``)."""
    from plans.models import Plan

    return {plan.slug: plan for plan in Plan.objects.all()}
