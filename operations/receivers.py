"""Audit events from Django's auth signals and django-auditlog's log entries (their signals,
not our flow: the portal's own actions call ``audit.record`` where they are handled)."""

from auditlog.models import LogEntry
from auditlog.signals import post_log
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from . import audit

Action = audit.Action

MODEL_ACTIONS = {
    LogEntry.Action.CREATE: Action.RECORD_CREATED,
    LogEntry.Action.UPDATE: Action.RECORD_CHANGED,
    LogEntry.Action.DELETE: Action.RECORD_DELETED,
}
DETAIL_LIMIT = 2000


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    audit.record(Action.LOGIN, request=request, user=user)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit.record(Action.LOGOUT, request=request, user=user)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django has already replaced the password in ``credentials`` with stars.
    audit.record(
        Action.LOGIN_FAILED,
        request=request,
        actor_name=str(credentials.get("username", ""))[:150],
    )


def describe_changes(changes: dict | None) -> str:
    """``field: old → new`` per changed field; many-to-many changes as added/removed."""
    lines = []
    for field, change in (changes or {}).items():
        if isinstance(change, dict):  # many-to-many: {"type": "m2m", "operation": …}
            objects = ", ".join(str(o) for o in change.get("objects", []))
            lines.append(f"{field}: {change.get('operation', '')} {objects}")
        else:
            old, new = (list(change) + ["", ""])[:2]
            lines.append(f"{field}: {old} → {new}")
    return "\n".join(lines)[:DETAIL_LIMIT]


@receiver(post_log, dispatch_uid="audit_model_change")
def _model_changed(sender, instance, action, changes, log_entry=None, log_created=False, **kw):
    action = MODEL_ACTIONS.get(action)
    if not log_created or log_entry is None or action is None:
        return
    actor = log_entry.actor
    audit.record(
        action,
        user=actor,
        target=f"{sender._meta.verbose_name}: {log_entry.object_repr}"[:300],
        detail=describe_changes(changes),
        ip=log_entry.remote_addr,
    )
