"""TOTP is required for the secretariat and the admin, optional for agency staff; recovery
codes work once."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.second_factor import new_recovery_codes
from tests.accounts.conftest import PASSWORD, current_code
from tests.conftest import enroll_authenticator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def log_in_with_password(client, username):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("url", ["/workspace/review/", "/admin/", "/workspace/", "/"])
def test_secretariat_with_only_the_password_reaches_nothing_but_the_second_step(
    client, secretariat_user, url
):
    log_in_with_password(client, "katib")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))


def test_force_login_without_the_second_factor_cannot_open_review_or_admin(
    client, secretariat_user
):
    client.force_login(secretariat_user, second_factor=False)
    for url in ["/workspace/review/", "/admin/", "/admin/reports/progressreport/"]:
        assert client.get(url)["Location"].startswith("/accounts/two-factor/")


def test_the_authenticator_code_opens_the_review_queue(client, secretariat_user):
    log_in_with_password(client, "katib")
    device = TOTPDevice.objects.get(user=secretariat_user)
    page = client.get(reverse("accounts:second_factor") + "?next=/workspace/review/")
    assert "six digits" in page.content.decode()
    wrong = client.post(
        reverse("accounts:second_factor"), {"code": "000000", "next": "/workspace/review/"}
    )
    assert wrong.status_code == 200 and "not valid" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code above throttles; the user waits
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(
        reverse("accounts:second_factor"),
        {"code": current_code(device), "next": "/workspace/review/"},
    )
    assert response["Location"] == "/workspace/review/"
    assert client.get("/workspace/review/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_the_second_step_never_redirects_off_site(client, secretariat_user):
    log_in_with_password(client, "katib")
    device = TOTPDevice.objects.get(user=secretariat_user)
    response = client.post(
        reverse("accounts:second_factor"),
        {"code": current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == "/workspace/"


def test_recovery_codes_work_once(client, secretariat_user):
    codes = new_recovery_codes(user=secretariat_user)
    assert len(codes) == 10 and len(set(codes)) == 10
    log_in_with_password(client, "katib")
    response = client.post(reverse("accounts:second_factor"), {"code": codes[0]}, follow=True)
    assert response.redirect_chain[0][0] == "/workspace/"
    assert "recovery code; 9 remain" in response.content.decode()
    assert client.get("/workspace/review/").status_code == 200

    client.post(reverse("logout"))
    log_in_with_password(client, "katib")
    again = client.post(reverse("accounts:second_factor"), {"code": codes[0]})
    assert again.status_code == 200 and "not valid" in again.content.decode()
    assert client.get("/workspace/review/").status_code == 302


def test_a_new_secretariat_officer_sets_up_the_authenticator_first(client, secretariat_user):
    TOTPDevice.objects.filter(user=secretariat_user).delete()
    log_in_with_password(client, "katib")
    verify = client.get("/workspace/review/", follow=True)
    assert verify.redirect_chain[-1][0].startswith(reverse("accounts:setup"))
    page = verify.content.decode()
    assert "<svg" in page and "otpauth://totp/" in page
    device = TOTPDevice.objects.get(user=secretariat_user, confirmed=False)
    response = client.post(
        reverse("accounts:setup"), {"code": current_code(device), "next": "/workspace/review/"}
    )
    assert response.status_code == 200
    assert "Recovery codes" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/workspace/review/").status_code == 200


def test_setup_cannot_replace_an_enrolled_authenticator_with_only_the_password(
    client, secretariat_user
):
    log_in_with_password(client, "katib")
    response = client.get(reverse("accounts:setup"))
    assert response["Location"] == reverse("accounts:second_factor")
    assert TOTPDevice.objects.filter(user=secretariat_user).count() == 1


def test_agency_staff_need_no_second_factor_until_they_enroll(client, staff_b):
    log_in_with_password(client, "staff_b")
    assert client.get("/workspace/").status_code == 200
    client.post(reverse("logout"))

    device = enroll_authenticator(staff_b)
    log_in_with_password(client, "staff_b")
    assert client.get("/workspace/")["Location"].startswith("/accounts/two-factor/")
    client.post(reverse("accounts:second_factor"), {"code": current_code(device)})
    assert client.get("/workspace/").status_code == 200


def test_the_verified_persona_reaches_the_review_queue(client, secretariat_user):
    client.force_login(secretariat_user)
    assert client.get("/workspace/review/").status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, secretariat_user):
    old = new_recovery_codes(user=secretariat_user)
    client.force_login(secretariat_user)
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert "New recovery codes" in page
    fresh = client.post(reverse("accounts:recovery_codes")).context["codes"]
    assert set(fresh).isdisjoint(old)
    client.post(reverse("logout"))
    log_in_with_password(client, "katib")
    assert client.post(reverse("accounts:second_factor"), {"code": old[0]}).status_code == 200
    # A wrong code makes the next try wait a moment (django-otp's throttling).
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        response = client.post(reverse("accounts:second_factor"), {"code": fresh[0]})
    assert response.status_code == 302


def test_agency_staff_can_turn_two_step_login_on(client, staff_b):
    client.force_login(staff_b)
    assert "Set up two-step login" in client.get(reverse("accounts:tokens")).content.decode()
    client.get(reverse("accounts:setup"))
    device = TOTPDevice.objects.get(user=staff_b, confirmed=False)
    client.post(reverse("accounts:setup"), {"code": current_code(device)})
    assert TOTPDevice.objects.get(user=staff_b).confirmed
    assert client.get("/workspace/").status_code == 200  # verified in this session
    client.post(reverse("logout"))
    log_in_with_password(client, "staff_b")
    assert client.get("/workspace/")["Location"].startswith("/accounts/two-factor/")
