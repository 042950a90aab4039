"""Who may see which report: one helper per guarded object, so ids leak nothing.

"Missing" and "not yours" are the same answer (404): an agency cannot learn that another
agency's draft exists by guessing its id.
"""

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from agencies.models import Agency

from .models import Evidence, ProgressReport, ReportingPeriod

SECRETARIAT_GROUP = getattr(settings, "SECRETARIAT_GROUP", "secretariat")


class NotPermitted(Http404):
    """The user may not see or do this; answered as 404, exactly like a missing object."""


def is_secretariat(user) -> bool:
    """Secretariat officers review, publish and administer; superusers count as secretariat."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_nap_is_secretariat", None)
    if cached is None:
        cached = user.groups.filter(name=SECRETARIAT_GROUP).exists()
        user._nap_is_secretariat = cached
    return cached


def agencies_of(user) -> QuerySet[Agency]:
    """The agencies a user works for (empty for anonymous users)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user)


def agency_ids_of(user) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cached = getattr(user, "_nap_agency_ids", None)
    if cached is None:
        cached = set(agencies_of(user).values_list("pk", flat=True))
        user._nap_agency_ids = cached
    return cached


def reports_for_user(user) -> QuerySet[ProgressReport]:
    """The reports a user may read in the workspace: all for the secretariat, else their own."""
    reports = ProgressReport.objects.select_related("measure__plan", "agency", "period__plan")
    if is_secretariat(user):
        return reports
    return reports.filter(agency__in=agency_ids_of(user))


def can_read(user, report: ProgressReport) -> bool:
    return is_secretariat(user) or report.agency_id in agency_ids_of(user)


def can_write(user, report: ProgressReport) -> bool:
    """Agency staff write their own drafts and returned reports while the period is open."""
    return (
        report.agency_id in agency_ids_of(user)
        and report.state in ProgressReport.EDITABLE_STATES
        and report.period.is_open
    )


def get_report_for_user(user, pk, write: bool = False) -> ProgressReport:
    """Fetch a report the user may read (or, with ``write``, edit now); otherwise 404."""
    try:
        report = reports_for_user(user).get(pk=pk)
    except (ProgressReport.DoesNotExist, ValueError, TypeError):
        raise NotPermitted from None
    if write and not can_write(user, report):
        raise NotPermitted
    return report


def get_evidence_for_user(user, report_pk, pk) -> Evidence:
    report = get_report_for_user(user, report_pk)
    try:
        return report.evidence.get(pk=pk)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise NotPermitted from None


def get_period_for_secretariat(user, pk) -> ReportingPeriod:
    if not is_secretariat(user):
        raise NotPermitted
    try:
        return ReportingPeriod.objects.select_related("plan").get(pk=pk)
    except (ReportingPeriod.DoesNotExist, ValueError, TypeError):
        raise NotPermitted from None
