from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditEventQuerySet(models.QuerySet):
    def search(
        self,
        *,
        who: str = "",
        action: str = "",
        text: str = "",
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> "AuditEventQuerySet":
        """Events by user name (part of it), action, words in the object or details, and a
        range of days in the portal's time zone, both ends included."""
        events = self
        if who:
            events = events.filter(actor_name__icontains=who)
        if action:
            events = events.filter(action=action)
        if text:
            events = events.filter(
                models.Q(target__icontains=text) | models.Q(detail__icontains=text)
            )
        if date_from:
            events = events.filter(at__gte=_start_of(date_from))
        if date_to:
            events = events.filter(at__lt=_start_of(date_to + timedelta(days=1)))
        return events


class AuditEvent(models.Model):
    """One thing someone did that the secretariat must be able to trace: who, when, from
    where, what. Model changes are recorded by django-auditlog and copied here, so the trail
    is searched in one place."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Signed in")
        LOGIN_FAILED = "login_failed", _("Sign-in failed")
        LOGOUT = "logout", _("Signed out")
        EXPORT = "export", _("Export")
        REPORT_RETURNED = "report_returned", _("Report returned")
        REPORT_ACCEPTED = "report_accepted", _("Report accepted")
        REPORT_PUBLISHED = "report_published", _("Report published")
        PERIOD_OPENED = "period_opened", _("Reporting period opened")
        PERIOD_CLOSED = "period_closed", _("Reporting period closed")
        PERIOD_PUBLISHED = "period_published", _("Reporting period published")
        RECORD_CREATED = "record_created", _("Record created")
        RECORD_CHANGED = "record_changed", _("Record changed")
        RECORD_DELETED = "record_deleted", _("Record deleted")
        TOKEN_USED = "token_used", _("API token used")

    at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as written: the trail still names a user who was deleted, or a username that
    # never existed (a failed sign-in).
    actor_name = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    target = models.CharField(_("object"), max_length=300, blank=True)
    detail = models.TextField(_("details"), blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-pk"]
        indexes = [
            # The audit page: newest first, within a date range; pruning by age.
            models.Index(fields=["at"], name="audit_at"),
            # The audit page filtered by action or by user.
            models.Index(fields=["action", "at"], name="audit_action_at"),
            models.Index(fields=["actor_name", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name or '—'} {self.action} {self.target}"


class PublicationCounter(models.Model):
    """The one row whose value grows whenever something the public can see changes
    (operations.publication): the public pages are cached under it."""

    value = models.BigIntegerField(_("publication number"), default=0)
    changed_at = models.DateTimeField(_("changed"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("publication counter")
        verbose_name_plural = _("publication counters")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="publication_counter_one_row")
        ]

    def __str__(self) -> str:
        return f"{self.value} ({self.reason})"
