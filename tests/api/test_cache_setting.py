"""CACHE_URL picks the shared cache; without it the portal runs on a local-memory cache."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from nap_portal.settings import cache_from_url


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("redis://127.0.0.1:6379/0", "django.core.cache.backends.redis.RedisCache"),
        ("db://api_cache", "django.core.cache.backends.db.DatabaseCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("dummy://", "django.core.cache.backends.dummy.DummyCache"),
    ],
)
def test_cache_url_selects_the_backend(url, backend):
    assert cache_from_url(url)["BACKEND"] == backend


def test_redis_url_is_passed_on_whole():
    assert cache_from_url("redis://127.0.0.1:6379/0")["LOCATION"] == "redis://127.0.0.1:6379/0"


def test_a_cache_url_not_understood_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        cache_from_url("memcached://127.0.0.1")


def test_tests_and_make_run_need_no_cache_server(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def production_cache(**env) -> str:
    """The default cache's backend and location in a production process with ``env``."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    environment = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "CACHE_URL", "DATABASE_URL"}
    }
    environment.update(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="nap.example.az", **env)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import nap_portal.settings as s; c = s.CACHES['default']; "
            "print(c['BACKEND'], c.get('LOCATION', ''))",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_production_without_cache_url_shares_a_database_cache_across_processes():
    assert production_cache() == "django.core.cache.backends.db.DatabaseCache nap_portal_cache"


def test_production_with_cache_url_uses_it():
    assert production_cache(CACHE_URL="redis://redis:6379/0") == (
        "django.core.cache.backends.redis.RedisCache redis://redis:6379/0"
    )


@pytest.mark.django_db
def test_migrate_creates_the_database_cache_table(settings):
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection

    settings.CACHES = {
        "default": settings.CACHES["default"],
        "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t_c"},
    }
    call_command("migrate", "operations", verbosity=0)
    assert "t_c" in connection.introspection.table_names()
    caches["shared"].set("stamp", 1)
    assert caches["shared"].get("stamp") == 1
