"""Workflow fixtures: an open period of the 2020–2022 plan and reports built through services."""

from datetime import date

import pytest

from plans.models import Measure
from reports import services
from tests.conftest import OPEN_GOV

CANARY = "KANAREYKA-7f3a9c-unpublished-draft-text"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas' passwords are hashed per test; PBKDF2 would make that take most of it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def english(settings):
    """Pages and mail in English, so assertions read the msgids whatever the catalogs hold.

    Workflow test modules use it through ``pytestmark``."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def period(seeded, secretariat_user):
    """2021 of the Open Government plan, opened by the secretariat, due 31 January 2022."""
    return services.open_period(
        plan=seeded[OPEN_GOV], year=2021, due_date=date(2022, 1, 31), user=secretariat_user
    )


@pytest.fixture
def measure_19(seeded):
    """Item 1.9: both agencies owe it, Samux through its category."""
    return Measure.objects.get(plan__slug=OPEN_GOV, number="1.9")


@pytest.fixture
def draft_a(period, measure_19, staff_a, agency_a):
    return services.save_report(
        measure=measure_19,
        agency=agency_a,
        period=period,
        user=staff_a,
        works_done=f"Ədliyyə Nazirliyi: hesabat hazırlanır. {CANARY}",
        status="in_progress",
    )


@pytest.fixture
def draft_b(period, measure_19, staff_b, agency_b):
    return services.save_report(
        measure=measure_19,
        agency=agency_b,
        period=period,
        user=staff_b,
        works_done="Samux RİH: etik davranış qaydalarına dair maarifləndirmə keçirilib.",
        status="partial",
    )


def advance(report, state: str, *, owner, secretariat):
    """Drive a draft through the real services to ``state``."""
    if state == "draft":
        return report
    report = services.submit_report(report=report, user=owner)
    if state == "submitted":
        return report
    if state == "returned":
        return services.return_report(report=report, user=secretariat, comment="Fix the dates.")
    report = services.accept_report(report=report, user=secretariat)
    if state == "accepted":
        return report
    return services.publish_report(report=report, user=secretariat)
