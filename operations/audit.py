"""The audit trail's one writer: ``record(action, request=…, target=…)`` from wherever an
action's result is handled (views, admin actions, commands, Django's auth signals)."""

import ipaddress
from datetime import timedelta

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditEvent

Action = AuditEvent.Action

__all__ = ["Action", "client_ip", "prune", "record"]


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address: REMOTE_ADDR, or behind ``API_NUM_PROXIES`` trusted proxies the
    X-Forwarded-For entry the nearest of them added (the same rule as the API's throttling)."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        entries = [entry.strip() for entry in forwarded.split(",")]
        address = entries[-min(proxies, len(entries))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _describe(target: Model | str) -> str:
    if isinstance(target, Model):
        return f"{target._meta.verbose_name} #{target.pk}: {target}"[:300]
    return str(target)[:300]


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    user=None,
    actor_name: str = "",
    target: Model | str = "",
    detail: str = "",
    ip: str | None = None,
) -> AuditEvent:
    """Store one audit event; ``request`` supplies the user and the address when given."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEvent.objects.create(
        action=action,
        actor=user,
        actor_name=(actor_name or (user.get_username() if user else ""))[:150],
        target=_describe(target),
        detail=detail,
        ip=ip or client_ip(request),
    )


def prune(days: int | None = None) -> tuple[int, int]:
    """Delete audit events and model-change entries older than the retention period; returns
    how many of each were deleted."""
    from auditlog.models import LogEntry

    days = settings.AUDIT_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    events, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
    entries, _ = LogEntry.objects.filter(timestamp__lt=cutoff).delete()
    return events, entries
