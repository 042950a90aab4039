"""Background work of the reporting side: mail (retried on failure), the search reindex and
imports of documents (long exports are the public side's: public/tasks.py).

Tasks take JSON-serialisable arguments only: the database backend stores them until a worker
(`manage.py db_worker`) runs them.
"""

import logging
import smtplib
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from plans.amendments import LegalBasis
from plans.intake.engine import NeedsBasis, NotApplicable
from plans.models import Measure

from .importers.seeds import import_seeds as run_import_seeds
from .models import PlanUpload
from .plan_intake import compute_preview, confirm_upload, saving_failed
from .search_index import reindex_measures

logger = logging.getLogger(__name__)


class MailNotSent(Exception):
    """The SMTP server refused or could not be reached; a retry has been queued if any is left."""


@task()
def send_email(subject: str, body: str, recipients: list[str], attempt: int = 1) -> int:
    """Send one message. On an SMTP or network error, queue the next attempt after
    ``MAIL_RETRY_DELAYS[attempt - 1]`` seconds and fail this one (so its state shows why)."""
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    try:
        return message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as error:
        delays = settings.MAIL_RETRY_DELAYS
        if attempt > len(delays):
            logger.error("mail %r to %s not sent after %d attempts", subject, recipients, attempt)
            raise
        retry = send_email
        if send_email.get_backend().supports_defer:
            retry = send_email.using(
                run_after=timezone.now() + timedelta(seconds=delays[attempt - 1])
            )
        retry.enqueue(subject, body, recipients, attempt=attempt + 1)
        raise MailNotSent(f"attempt {attempt}: {error}; retry queued") from error


@task()
def reindex_search(plan: str = "") -> int:
    """Rebuild the search text of every measure (or of one plan's); returns how many changed."""
    measures = Measure.objects.all()
    if plan:
        measures = measures.filter(plan__slug=plan)
    return reindex_measures(measures)


@task()
def import_seeds(fixtures: str = "") -> list[str]:
    """`import_seeds --enqueue`: load the documents of ``fixtures`` (default FIXTURES_DIR);
    returns the import report's lines, which the task page keeps with the task."""
    reports = run_import_seeds(Path(fixtures) if fixtures else settings.FIXTURES_DIR)
    return [line for report in reports for line in report.lines()]


@task()
def preview_plan_upload(upload_id: int) -> dict:
    """Read a plan template the secretariat uploaded and store its preview, with progress."""
    upload = PlanUpload.objects.get(pk=upload_id)
    preview = compute_preview(upload)
    return preview.get("summary", {})


@task()
def save_plan_upload(upload_id: int, basis: dict) -> dict:
    """Save a confirmed plan upload to its plan (with progress); a refusal returns the upload
    to its preview with the reason. ``basis``: {"number", "date" (ISO), "reason"}."""
    upload = PlanUpload.objects.select_related("user", "plan").get(pk=upload_id)
    legal_basis = LegalBasis(
        number=basis.get("number", ""),
        date=date.fromisoformat(basis["date"]) if basis.get("date") else None,
        reason=basis.get("reason", ""),
    )
    try:
        return confirm_upload(upload=upload, user=upload.user, basis=legal_basis)
    except (NeedsBasis, NotApplicable) as error:
        saving_failed(upload, str(error))
        return {"error": str(error)}
