import pytest
from django_otp.oath import TOTP

from tests.reports.conftest import english  # noqa: F401

PASSWORD = "correct-horse-battery"


def current_code(device, at: float | None = None) -> str:
    """The six digits the user's phone shows now for ``device``."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():06d}"


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
