"""Lockout by username and address (django-axes), and by address alone across usernames."""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from rest_framework.throttling import BaseThrottle


def client_address(request) -> str:
    """The client's address as the API's throttling sees it (AXES_CLIENT_IP_CALLABLE): the
    socket address, or behind API_NUM_PROXIES proxies the address they forwarded. Behind a
    proxy without it, every client would share the proxy's address and its lockout."""
    return BaseThrottle().get_ident(request)


class AddressAwareHandler(AxesDatabaseHandler):
    """Axes counts failures per username and address; this also adds up every username tried
    from one address, and locks the address at AXES_IP_FAILURE_LIMIT failures."""

    def get_failures(self, request, credentials=None) -> int:
        failures = super().get_failures(request, credentials)
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        cool_off = get_cool_off(request)
        if cool_off:
            attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
        from_address = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
        if from_address >= settings.AXES_IP_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures
