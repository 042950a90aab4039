"""Reminders to agencies with missing reports: 30 and 7 days before the due date, and overdue."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from . import emails
from .models import Reminder, ReportingPeriod
from .obligations import compliance


def reminder_kind(due: date, today: date) -> str | None:
    """Which reminder is due today. A window, not an exact day, so a missed daily run still
    sends it on the next one; the Reminder table makes each go out once."""
    days = (due - today).days
    if days < 0:
        return Reminder.Kind.OVERDUE
    if days <= 7:
        return Reminder.Kind.DAYS_7
    if days <= 30:
        return Reminder.Kind.DAYS_30
    return None


@dataclass
class Sent:
    period: ReportingPeriod
    agency: object
    kind: str
    recipients: list[str]
    missing: int


def send_reminders(today: date | None = None, dry_run: bool = False) -> list[Sent]:
    """Mail every agency with missing obliged reports in open periods, once per kind."""
    today = today or timezone.localdate()
    sent: list[Sent] = []
    periods = ReportingPeriod.objects.filter(is_open=True, due_date__isnull=False)
    for period in periods.select_related("plan"):
        already = set(period.reminders.values_list("agency_id", "kind"))
        # Each agency by its own due date: an extension moves its reminders too.
        rows = [
            (row, kind)
            for row in compliance(period, today)
            if row.outstanding
            and (kind := reminder_kind(row.due_date or period.due_date, today)) is not None
            and (row.agency.pk, kind) not in already
        ]
        addresses = emails.staff_emails([row.agency for row, _kind in rows])
        for row, kind in rows:
            recipients = addresses.get(row.agency.pk, [])
            if not recipients:
                # Nobody to tell yet; a later run reminds staff added meanwhile.
                continue
            if not dry_run and not _send_once(period, row, kind, recipients):
                continue
            sent.append(Sent(period, row.agency, kind, recipients, row.outstanding))
    return sent


def _send_once(period, row, kind, recipients) -> bool:
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(emails.reminder_subject(kind))
    _subject, body = emails.render_mail(
        "reminder",
        {
            "subject": subject,
            "kind": kind,
            "period": period,
            "agency": row.agency,
            "due": row.due_date or period.due_date,
            "missing": row.outstanding_measures,
            "url": emails.site_url("/workspace/"),
        },
    )
    try:
        with transaction.atomic():
            # The row is written first and the mail queued inside the same transaction: a
            # concurrent run hits the unique constraint, and the database queue keeps the task
            # only if the record is kept; a refused send is retried by the task.
            Reminder.objects.create(
                period=period,
                agency=row.agency,
                kind=kind,
                missing_count=row.outstanding,
                recipients=", ".join(recipients),
            )
            emails.send([(subject, body, recipients)])
    except IntegrityError:
        return False
    return True
