"""The secretariat's daily digest: the reports submitted (or resubmitted) since the last one."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import emails
from .models import ProgressReport, ReviewDigest

# The first digest, with none before it, covers the last day.
FIRST_WINDOW = timedelta(days=1)


@dataclass
class Digest:
    since: datetime
    until: datetime
    reports: list[ProgressReport]
    recipients: list[str] = field(default_factory=list)
    sent: bool = False


def submitted_between(since: datetime, until: datetime):
    return (
        ProgressReport.objects.filter(submitted_at__gt=since, submitted_at__lte=until)
        .select_related("measure", "agency", "period__plan")
        .order_by("period__plan__title", "period__year", "agency__name", "measure__sort_key")
    )


def send_digest(now: datetime | None = None, dry_run: bool = False) -> Digest | None:
    """Mail the secretariat what came in since the last digest, once a day: ``None`` when
    today's digest went out already. Nothing came in, or nobody to tell: nothing is sent or
    recorded, so the next digest covers the time since the last one sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if ReviewDigest.objects.filter(day=today).exists():
        return None
    last = ReviewDigest.objects.order_by("-until").first()
    since = last.until if last else now - FIRST_WINDOW
    digest = Digest(since, now, list(submitted_between(since, now)), emails.secretariat_emails())
    if not digest.reports or not digest.recipients or dry_run:
        return digest
    subject, body = emails.render_mail(
        "digest",
        {
            "since": timezone.localtime(since),
            "until": timezone.localtime(now),
            "reports": digest.reports,
            "resubmitted": [r for r in digest.reports if _resubmitted(r)],
            "url": emails.site_url("/workspace/review/"),
        },
    )
    try:
        with transaction.atomic():
            # Recorded first and the mail queued in the same transaction (as reminders are):
            # a concurrent run hits the unique day and queues nothing.
            ReviewDigest.objects.create(
                day=today,
                since=since,
                until=now,
                report_count=len(digest.reports),
                recipients=", ".join(digest.recipients),
            )
            emails.send([(subject, body, digest.recipients)])
    except IntegrityError:
        return None
    digest.sent = True
    return digest


def _resubmitted(report: ProgressReport) -> bool:
    return bool(report.first_submitted_at and report.submitted_at > report.first_submitted_at)
