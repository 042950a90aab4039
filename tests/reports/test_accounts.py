"""Login, lockout (django-axes), password validators and the demo accounts."""

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from agencies.models import AgencyMembership
from civic.models import OrganisationMembership
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_login_goes_to_the_workspace_and_logout_home(client, staff_b):
    response = attempt(client, "staff_b", "correct-horse-battery")
    assert response.status_code == 302 and response["Location"] == "/workspace/"
    assert "Log out" in client.get("/").content.decode()
    response = client.post(reverse("logout"))
    assert response["Location"] == "/"


def test_repeated_failures_lock_the_username_from_that_address(client, staff_b):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "staff_b", "wrong").status_code == 200
    assert attempt(client, "staff_b", "wrong").status_code == 429
    locked = attempt(client, "staff_b", "correct-horse-battery")
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another address with the same username is not locked out (username and IP together).
    assert attempt(client, "staff_b", "correct-horse-battery", ip="10.0.0.2").status_code == 302


def test_password_validators_refuse_weak_passwords(staff_b):
    assert settings.AUTH_PASSWORD_VALIDATORS
    for weak in ["12345678", "password", "staff_b1", "abc"]:
        with pytest.raises(ValidationError):
            validate_password(weak, staff_b)
    validate_password("Ləngər-qayıq-97-dəniz", staff_b)


def test_demo_accounts_are_created_and_printed(settings, capsys, seeded):
    settings.DEBUG = True
    settings.DEMO_DATA_ALLOWED = True
    if connection.vendor != "sqlite":
        with pytest.raises(CommandError, match="non-SQLite"):
            call_command("create_demo_users")
        return
    call_command("create_demo_users")
    out = capsys.readouterr().out
    assert "katiblik" in out and "edliyye" in out and "samux" in out
    assert AgencyMembership.objects.filter(
        user__username="samux", agency__slug="samux-rayon-icra-hakimiyyeti"
    ).exists()
    assert "qht" in out
    assert OrganisationMembership.objects.filter(
        user__username="qht", organisation__slug="aht-platformasi"
    ).exists()
    call_command("create_demo_users")  # a second run changes nothing and does not fail
    assert AgencyMembership.objects.filter(user__username="samux").count() == 1
    assert OrganisationMembership.objects.filter(user__username="qht").count() == 1


@pytest.mark.parametrize(("debug", "allowed"), [(False, True), (True, False), (False, False)])
def test_production_settings_refuse_demo_accounts(settings, debug, allowed, seeded):
    settings.DEBUG = debug
    settings.DEMO_DATA_ALLOWED = allowed
    with pytest.raises(CommandError, match="Refusing"):
        call_command("create_demo_users")
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(username__in=["katiblik", "samux"]).exists()


def test_workspace_without_an_agency_says_so(client):
    client.force_login(UserFactory(username="nobody"))
    page = client.get(reverse("reports:workspace")).content.decode()
    assert "does not belong to any agency" in page


def test_secretariat_workspace_leads_to_the_review_queue(client, secretariat_user):
    client.force_login(secretariat_user)
    assert client.get(reverse("reports:workspace"))["Location"] == reverse("reports:review")
