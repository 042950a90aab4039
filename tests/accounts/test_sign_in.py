"""Password reset by mail, the idle timeout, and lockout of one address trying many users."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.accounts.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_password_reset_by_mail(client, staff_b):
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page
    response = client.post(reverse("password_reset"), {"email": staff_b.email})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff_b.email] and "staff_b" in message.body
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert "new_password1" in form.content.decode()
    new = "Ləngər-qayıq-97-dəniz"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("password_reset_complete")
    staff_b.refresh_from_db()
    assert staff_b.check_password(new)
    assert "not valid" in client.get(link, follow=True).content.decode()  # works once


def test_unknown_address_gets_the_same_answer_and_no_mail(client, staff_b):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.az"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_reset_mail_is_in_azerbaijani_by_default(client, staff_b, settings):
    settings.LANGUAGE_CODE = "az"
    from django.utils import translation

    with translation.override("az"):
        client.post(reverse("password_reset"), {"email": staff_b.email})
    assert "yeni parol" in mail.outbox[0].subject


def test_an_idle_session_is_logged_out(client, staff_b):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("login"), {"username": "staff_b", "password": PASSWORD})
        assert client.get("/workspace/").status_code == 200
    idle = settings.SESSION_IDLE_TIMEOUT
    with time_machine.travel(start + timedelta(minutes=idle - 1), tick=False):
        assert client.get("/workspace/").status_code == 200  # activity moves the clock on
    with time_machine.travel(start + timedelta(minutes=2 * idle - 2), tick=False):
        assert client.get("/workspace/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=3 * idle), tick=False):
        response = client.get("/workspace/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert "_auth_user_id" not in client.session


def test_the_idle_timeout_is_settable(client, staff_b, settings):
    settings.SESSION_IDLE_TIMEOUT = 5
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(reverse("login"), {"username": "staff_b", "password": PASSWORD})
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        assert client.get("/workspace/").status_code == 302


def test_one_address_trying_many_usernames_is_locked(client, settings):
    settings.AXES_IP_FAILURE_LIMIT = 10
    users = [UserFactory(username=f"hedef{n}") for n in range(12)]
    answers = [
        client.post(
            reverse("login"),
            {"username": user.username, "password": "Bahar2026!"},
            REMOTE_ADDR="10.9.9.9",
        ).status_code
        for user in users[:10]
    ]
    # Each username failed only once, far below AXES_FAILURE_LIMIT, yet the address is stopped.
    assert answers[:9] == [200] * 9 and answers[9] == 429
    locked = client.post(
        reverse("login"),
        {"username": users[11].username, "password": PASSWORD},
        REMOTE_ADDR="10.9.9.9",
    )
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    elsewhere = client.post(
        reverse("login"),
        {"username": users[11].username, "password": PASSWORD},
        REMOTE_ADDR="10.9.9.10",
    )
    assert elsewhere.status_code == 302


def test_behind_a_proxy_the_lockout_counts_the_forwarded_address(client, settings):
    settings.AXES_IP_FAILURE_LIMIT = 3
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    UserFactory(username="hedef")

    def attempt(forwarded: str) -> int:
        return client.post(
            reverse("login"),
            {"username": f"hedef-{forwarded}", "password": "Bahar2026!"},
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=forwarded,
        ).status_code

    assert [attempt(f"198.51.100.{n}") for n in range(5)] == [200] * 5
    assert [attempt("203.0.113.9") for _ in range(3)] == [200, 200, 429]
