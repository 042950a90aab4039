"""Mail to agency staff about the workflow: queued as tasks once the transaction has committed,
one task per message, sent by the worker with retries (``reports.tasks.send_email``)."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from agencies.models import Agency

from .access import SECRETARIAT_GROUP
from .models import Clarification, ProgressReport, ReportingPeriod
from .obligations import obligations_for_period
from .tasks import send_email


def staff_emails(agencies: Iterable[Agency]) -> dict[int, list[str]]:
    """Active staff addresses per agency id."""
    ids = [agency.pk for agency in agencies]
    users = (
        get_user_model()
        .objects.filter(is_active=True, agency_memberships__agency_id__in=ids)
        .exclude(email="")
        .values_list("agency_memberships__agency_id", "email")
        .distinct()
    )
    result: dict[int, list[str]] = {}
    for agency_id, email in users:
        result.setdefault(agency_id, []).append(email)
    return {key: sorted(value) for key, value in result.items()}


def secretariat_emails() -> list[str]:
    """Addresses of the active members of the secretariat group (superusers who are not
    members administer the portal; they are not mailed the review digest)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=SECRETARIAT_GROUP)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    return sorted(users)


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def render_mail(template: str, context: dict) -> tuple[str, str]:
    """Subject and body from ``reports/mail/<template>.txt`` (first line is the subject)."""
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"reports/mail/{template}.txt", context)
    subject, _sep, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def send(messages: list[tuple[str, str, list[str]]]) -> int:
    """Queue each message as its own task (a retry never sends another's twice); returns how
    many were queued. The request that called it does not wait for the SMTP server."""
    queued = 0
    for subject, body, recipients in messages:
        if recipients:
            send_email.enqueue(str(subject), body, list(recipients))
            queued += 1
    return queued


def on_commit_report_mail(report: ProgressReport, event: str) -> None:
    """``event`` is returned, accepted or published."""
    recipients = staff_emails([report.agency]).get(report.agency_id, [])
    if not recipients:
        return
    subject, body = render_mail(
        f"report_{event}",
        {"report": report, "url": site_url(f"/workspace/reports/{report.pk}/")},
    )
    transaction.on_commit(lambda: send([(subject, body, recipients)]))


def on_commit_clarification(clarification: Clarification) -> None:
    """Mail the other side of the thread: the agency's staff, or the secretariat."""
    report = clarification.report
    if clarification.by_secretariat:
        recipients = staff_emails([report.agency]).get(report.agency_id, [])
    else:
        recipients = secretariat_emails()
    if not recipients:
        return
    subject, body = render_mail(
        "clarification",
        {
            "report": report,
            "clarification": clarification,
            "url": site_url(f"/workspace/reports/{report.pk}/#clarifications"),
        },
    )
    transaction.on_commit(lambda: send([(subject, body, recipients)]))


def on_commit_period_published(period: ReportingPeriod, reports: list[ProgressReport]) -> None:
    by_agency: dict[int, list[ProgressReport]] = {}
    for report in reports:
        by_agency.setdefault(report.agency_id, []).append(report)
    addresses = staff_emails([r.agency for r in reports])
    messages = []
    for agency_id, agency_reports in by_agency.items():
        subject, body = render_mail(
            "period_published",
            {"period": period, "reports": agency_reports, "url": site_url("/workspace/")},
        )
        messages.append((subject, body, addresses.get(agency_id, [])))
    if messages:
        transaction.on_commit(lambda: send(messages))


def on_commit_period_opened(period: ReportingPeriod) -> None:
    per_agency: dict[int, dict] = {}
    for obligation in obligations_for_period(period):
        entry = per_agency.setdefault(
            obligation.agency.pk, {"agency": obligation.agency, "obliged": [], "invited": []}
        )
        entry["invited" if obligation.recommended else "obliged"].append(obligation.measure)
    addresses = staff_emails([entry["agency"] for entry in per_agency.values()])
    messages = []
    for agency_id, entry in per_agency.items():
        recipients = addresses.get(agency_id, [])
        if not recipients:
            continue
        subject, body = render_mail(
            "period_opened", {"period": period, **entry, "url": site_url("/workspace/")}
        )
        messages.append((subject, body, recipients))
    if messages:
        transaction.on_commit(lambda: send(messages))


def reminder_subject(kind: str) -> str:
    return {
        "30d": _("Reminder: reports due in 30 days"),
        "7d": _("Reminder: reports due in 7 days"),
        "overdue": _("Overdue: reports not yet submitted"),
    }[kind]
