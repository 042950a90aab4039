"""Sign-in guards on every request: the idle timeout and the second factor."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import sessions
from .second_factor import second_factor_required

# What a user who has given only the password may still open.
OPEN_BEFORE_SECOND_FACTOR = ("/accounts/two-factor/", "/accounts/logout/", "/i18n/")


class IdleTimeoutMiddleware:
    """Log out a session idle longer than SESSION_IDLE_TIMEOUT minutes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not sessions.touch(request.session):
            logout(request)
            messages.info(
                request,
                _("You were logged out after %(minutes)s minutes without activity.")
                % {"minutes": settings.SESSION_IDLE_TIMEOUT},
            )
        return self.get_response(request)


class SecondFactorMiddleware:
    """Until the second factor is verified, the secretariat and admin users reach nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_verify(request):
            target = reverse("accounts:second_factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _must_verify(request) -> bool:
        if not request.user.is_authenticated or request.user.is_verified():
            return False
        if request.path.startswith(OPEN_BEFORE_SECOND_FACTOR + (settings.STATIC_URL,)):
            return False
        return second_factor_required(request)
