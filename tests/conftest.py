"""Shared fixtures: the real seed data loaded once per session, and fixed personas."""

import pytest
from django.conf import settings
from django.test import Client as DjangoClient

from reports.importers.seeds import import_seeds

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


SECRETARIAT_GROUP = "secretariat"


class Client(DjangoClient):
    """Django's test client; ``force_login`` also passes the user's second factor, as the
    user would on the verification page, when the user has an authenticator."""

    def force_login(self, user, backend=None, second_factor: bool = True):
        super().force_login(user, backend)
        if second_factor:
            pass_second_factor(self, user)


def pass_second_factor(client, user) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


@pytest.fixture
def client():
    return Client()


def enroll_authenticator(user):
    """The user has set up an authenticator app (a confirmed TOTP device)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


@pytest.fixture
def secretariat_user(db):
    """A secretariat officer: reviews, publishes and administers; has an authenticator."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="katib", is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=SECRETARIAT_GROUP)[0])
    enroll_authenticator(user)
    return user


@pytest.fixture
def agency_a(seeded):
    from agencies.models import Agency

    return Agency.objects.get(slug="edliyye-nazirliyi")


@pytest.fixture
def agency_b(seeded):
    from agencies.models import Agency

    return Agency.objects.get(slug="samux-rayon-icra-hakimiyyeti")


@pytest.fixture
def staff_a(agency_a):
    """Staff of agency A (Ədliyyə Nazirliyi)."""
    from tests.factories import MembershipFactory, UserFactory

    return MembershipFactory(user=UserFactory(username="staff_a"), agency=agency_a).user


@pytest.fixture
def staff_b(agency_b):
    """Staff of agency B (Samux Rayon İcra Hakimiyyəti)."""
    from tests.factories import MembershipFactory, UserFactory

    return MembershipFactory(user=UserFactory(username="staff_b"), agency=agency_b).user


def pytest_collection_modifyitems(config, items):
    """Run browser and live-server tests last: they flush the database the others share."""
    items.sort(key=lambda item: any(item.get_closest_marker(m) for m in ("browser", "live")))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed per test; PBKDF2 would make that take most of it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def period(seeded, secretariat_user):
    """2021 of the Open Government plan, opened by the secretariat, due 31 January 2022."""
    from datetime import date

    from reports import services

    return services.open_period(
        plan=seeded[OPEN_GOV], year=2021, due_date=date(2022, 1, 31), user=secretariat_user
    )


@pytest.fixture
def measure_19(seeded):
    """Item 1.9: both agencies owe it, Samux through its category."""
    from plans.models import Measure

    return Measure.objects.get(plan__slug=OPEN_GOV, number="1.9")


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Queued tasks (mail, exports) run inside the call that queues them, so tests see their
    effects; tests/operations/test_tasks.py uses the database queue and a worker instead."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture(autouse=True)
def no_public_cache(settings, tmp_path):
    """Most tests change data through factories, which do not count as publications
    (operations.publication): they read the live pages. tests/public/test_cache.py and the
    canary crawl read through the cache (the ``public_cache`` fixture)."""
    from django.core.cache import cache

    settings.PUBLIC_PAGE_CACHE = False
    # Stored documents (public.documents) and uploads go to the test's own folder, and no
    # board file or page cached by an earlier test is served: each test starts with none.
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_cache(settings, no_public_cache):
    """Anonymous public pages served from the publication-keyed cache, as in production."""
    settings.PUBLIC_PAGE_CACHE = True
