"""Delete audit events (and django-auditlog's model-change entries) past their retention."""

from django.conf import settings
from django.core.management.base import BaseCommand

from operations import audit


class Command(BaseCommand):
    help = (
        "Delete audit-trail entries older than AUDIT_RETENTION_DAYS (or --days). "
        "Run it daily (cron), like send_reminders."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"keep this many days (default: AUDIT_RETENTION_DAYS, now "
            f"{settings.AUDIT_RETENTION_DAYS})",
        )

    def handle(self, *args, days=None, **options):
        days = settings.AUDIT_RETENTION_DAYS if days is None else days
        events, entries = audit.prune(days)
        self.stdout.write(
            f"Deleted {events} audit event(s) and {entries} model-change entr(ies) "
            f"older than {days} days."
        )
