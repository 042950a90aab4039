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
