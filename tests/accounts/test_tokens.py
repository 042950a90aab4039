"""API tokens are stored hashed, expire, record their last use and can be revoked."""

import hashlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import issue_token, revoke_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
WORKSPACE_API = "/api/v1/workspace/reports/"


def call(key: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(WORKSPACE_API)


def test_keys_are_not_stored_in_plain_text(staff_a):
    token, key = issue_token(user=staff_a, name="Ədliyyə sənəd sistemi")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in {str(v) for v in stored.values()}
    assert stored["digest"] == hashlib.sha256(key.encode()).hexdigest()
    assert stored["prefix"] == key[:8]


def test_a_valid_token_works_and_records_its_last_use(staff_a):
    token, key = issue_token(user=staff_a)
    assert token.last_used_at is None
    assert call(key).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_an_expired_token_gets_401(staff_a):
    _token, key = issue_token(user=staff_a, days=30)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        response = call(key)
    assert response.status_code == 401
    assert response.json()["detail"] == "This token has expired."


def test_a_revoked_token_gets_401(staff_a, secretariat_user):
    token, key = issue_token(user=staff_a)
    revoke_token(token=token, by=secretariat_user)
    response = call(key)
    assert response.status_code == 401
    assert response.json()["detail"] == "This token was revoked."
    assert call("f" * 40).status_code == 401


def test_the_owner_revokes_a_token_on_the_tokens_page(client, staff_a):
    client.force_login(staff_a)
    page = client.post(reverse("accounts:tokens"), {"name": "Sənəd sistemi", "days": 90})
    key = page.context["key"]
    assert key in page.content.decode()
    assert call(key).status_code == 200
    token = ApiToken.objects.get(user=staff_a)
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    assert call(key).status_code == 401
    assert key not in client.get(reverse("accounts:tokens")).content.decode()


def test_the_secretariat_revokes_an_agencys_token_and_others_cannot(
    client, staff_a, staff_b, secretariat_user
):
    token, key = issue_token(user=staff_a)
    client.force_login(staff_b)
    assert client.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 404
    assert call(key).status_code == 200
    client.force_login(secretariat_user)
    assert "staff_a" in client.get(reverse("accounts:tokens")).content.decode()
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_by == secretariat_user
    assert call(key).status_code == 401


def test_the_secretariat_issues_a_token_to_agency_staff(client, staff_a, secretariat_user):
    client.force_login(secretariat_user)
    page = client.post(reverse("accounts:tokens"), {"days": 30, "username": "staff_a"})
    assert ApiToken.objects.get(user=staff_a).expires_at < timezone.now() + timedelta(days=31)
    assert call(page.context["key"]).status_code == 200


def test_plain_drf_tokens_are_converted_to_hashes(staff_a):
    """The migration's conversion, on a table shaped like rest_framework.authtoken's."""
    from importlib import import_module

    migration = import_module("accounts.migrations.0002_hash_existing_tokens")
    key = "4c9226437dad0d66077c4e03025cb78285102cbf"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE authtoken_token ({quote('key')} varchar(40) PRIMARY KEY, "
            "created timestamp NOT NULL, user_id integer NOT NULL)"
        )
        cursor.execute(
            f"INSERT INTO authtoken_token ({quote('key')}, created, user_id) VALUES (%s, %s, %s)",
            [key, timezone.now(), staff_a.pk],
        )
        editor = SimpleNamespace(
            connection=connection, quote_name=quote, execute=lambda sql: cursor.execute(sql)
        )
        from django.apps import apps

        migration.hash_plain_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    assert ApiToken.objects.get(user=staff_a).digest == hashlib.sha256(key.encode()).hexdigest()
    assert call(key).status_code == 200


def test_create_api_token_command_prints_the_key_once(staff_a, capsys):
    from django.core.management import call_command

    call_command("create_api_token", "staff_a", "--days", "7")
    key = capsys.readouterr().out.strip()
    assert call(key).status_code == 200
