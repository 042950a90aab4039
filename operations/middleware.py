from auditlog.middleware import AuditlogMiddleware
from django.core.cache import cache

from . import audit

# An agency system reading with its token is recorded once an hour, each write every time.
TOKEN_READ_INTERVAL = 3600
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's actor and address for model changes (the address by our proxy rule,
    not the first X-Forwarded-For entry a client can forge), and a record of API token use."""

    def get_extra_data(self, request):
        data = super().get_extra_data(request)
        data["remote_addr"] = audit.client_ip(request)
        return data

    def __call__(self, request):
        response = super().__call__(request)
        # DRF copies the authenticated user and token onto the underlying request; a session
        # login leaves ``auth`` None.
        user = getattr(request, "user", None)
        if getattr(request, "auth", None) is not None and getattr(user, "is_authenticated", False):
            if request.method not in SAFE_METHODS or cache.add(
                f"audit:token-read:{user.pk}", 1, TOKEN_READ_INTERVAL
            ):
                audit.record(
                    audit.Action.TOKEN_USED,
                    request=request,
                    target=request.path[:300],
                    detail=f"{request.method} {response.status_code}",
                )
        return response
