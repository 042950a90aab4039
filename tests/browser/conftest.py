"""Browser tests share the session's seeded database with every other test, so they run last
and put the seed data back after their live server has flushed it."""

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config, items):
    """Run browser tests last: their live server flushes the database the others share."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def reseed_after_flush(request, django_db_blocker):
    """Set up before the live server's database fixture, so its teardown runs after the flush."""
    yield
    if request.node.get_closest_marker("browser"):
        from plans.importers.seeds import import_seeds

        with django_db_blocker.unblock():
            import_seeds(settings.FIXTURES_DIR)
