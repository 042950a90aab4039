"""Audit events from Django's auth signals and django-auditlog's log entries (their signals,
not our flow: the portal's own actions call ``audit.record`` where they are handled)."""

import re

from auditlog.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.management import call_command
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import audit

Action = audit.Action

MODEL_ACTIONS = {
    LogEntry.Action.CREATE: Action.RECORD_CREATED,
    LogEntry.Action.UPDATE: Action.RECORD_CHANGED,
    LogEntry.Action.DELETE: Action.RECORD_DELETED,
}
DETAIL_LIMIT = 2000
# django-auditlog writes a reverse relation of a new object as "app.Model.None": not a change.
EMPTY_RELATION = re.compile(r"^\w+\.\w+\.None$")


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
            if old in (None, "None") and EMPTY_RELATION.match(str(new)):
                continue
            lines.append(f"{field}: {old} → {new}")
    return "\n".join(lines)[:DETAIL_LIMIT]


@receiver(post_save, sender=LogEntry, dispatch_uid="audit_model_change")
def _model_changed(sender, instance: LogEntry, created: bool, **kwargs):
    # Every entry, field changes and many-to-many ones (groups, permissions) alike; the
    # actor and address were filled in from the request by the audit middleware.
    action = MODEL_ACTIONS.get(instance.action)
    if not created or action is None:
        return
    model = instance.content_type.model_class()
    name = model._meta.verbose_name if model else instance.content_type.model
    audit.record(
        action,
        user=instance.actor,
        target=f"{name}: {instance.object_repr}"[:300],
        detail=describe_changes(instance.changes),
        ip=instance.remote_addr,
    )


def create_cache_table(sender, using: str = "default", **kwargs) -> None:
    """After `migrate`: the tables of database caches (does nothing for Redis or local memory;
    an existing table is left as it is)."""
    call_command("createcachetable", database=using, verbosity=0)
