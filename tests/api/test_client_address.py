"""Throttling tells clients apart by the socket address unless proxies are configured: a
client cannot escape its limit by sending made-up X-Forwarded-For headers."""

import pytest
from django.test import override_settings
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db


def test_unset_api_num_proxies_means_the_socket_address():
    # None would make DRF trust any client's X-Forwarded-For.
    assert api_settings.NUM_PROXIES == 0


def test_spoofed_x_forwarded_for_does_not_escape_the_throttle(api, seeded, monkeypatch):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    answers = [
        api.get(
            "/api/v1/plans/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(6)
    ]
    assert answers == [200, 200, 200, 429, 429, 429]
    assert api.get("/api/v1/plans/", REMOTE_ADDR="203.0.113.8").status_code == 200


def test_behind_one_proxy_the_forwarded_address_counts(api, seeded, monkeypatch, settings):
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "3/minute")
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}):
        answers = [
            api.get(
                "/api/v1/plans/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
            ).status_code
            for n in range(6)
        ]
    assert answers == [200] * 6
