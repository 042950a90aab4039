"""Settings read the environment and stop with a clear message on a bad value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import nap_portal.settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.LANGUAGE_CODE, s.TIME_ZONE)",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_defaults_to_sqlite_in_azerbaijani_and_baku_time():
    result = load_settings(DEBUG="true")
    assert result.stdout.split() == ["django.db.backends.sqlite3", "az", "Asia/Baku"]


def test_postgres_url_is_understood():
    result = load_settings(DEBUG="true", DATABASE_URL="postgres://postgres@127.0.0.1:5432/x")
    assert result.stdout.split()[0] == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        (
            {"DEBUG": "true", "DATABASE_URL": "mysql://root@localhost/x"},
            "SQLite and PostgreSQL only",
        ),
        ({"DEBUG": "true", "DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"DEBUG": "false", "SECRET_KEY": ""}, "SECRET_KEY is not set"),
        ({"DEBUG": "true", "CONN_MAX_AGE": "soon"}, "CONN_MAX_AGE='soon' is not a whole number"),
    ],
)
def test_bad_values_stop_with_a_clear_message(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_deployment_checks_pass_under_the_production_environment():
    """`check --deploy --fail-level WARNING` with the environment README.md gives."""
    import secrets

    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG"}}
    environment.update(
        DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="nap.example.az"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_redirect_to_https_with_hsts_and_check_connections():
    result = load_settings(DEBUG="false", SECRET_KEY="x" * 60)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import nap_portal.settings as s; "
            "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, "
            "s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
            "s.REST_FRAMEWORK['NUM_PROXIES'])",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DEBUG"},
            "DEBUG": "false",
            "SECRET_KEY": "x" * 60,
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert probe.stdout.split() == ["True", "True", "True", "0"]


def test_sqlite_queues_concurrent_writers():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import nap_portal.settings as s; o = s.DATABASES['default']['OPTIONS']; "
            "print(o['transaction_mode'], o['timeout'], 'journal_mode=WAL' in o['init_command'])",
        ],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k != "DATABASE_URL"}, "DEBUG": "true"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["IMMEDIATE", "20", "True"]
