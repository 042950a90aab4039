"""Who may read or change what: the one place of these predicates, for web, API and admin.

- ``is_secretariat``: secretariat officers review, publish and administer (superusers too);
- ``can_read``: the secretariat reads every report, agency staff their own agencies' only;
- ``can_write``: agency staff change their own report's text only while it is a draft or
  returned and its period is open (``edit_refusal`` says why not).

"Missing" and "not yours" are the same answer (404): an agency cannot learn that another
agency's draft exists by guessing its id. "Yours, but not editable now" is a conflict (409),
in the web and the API alike, with the reason.
"""

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from agencies.models import Agency
from plans.models import Plan

from .models import Evidence, ProgressReport, ReportingPeriod
from .visibility import public_plans

SECRETARIAT_GROUP = getattr(settings, "SECRETARIAT_GROUP", "secretariat")
EDITABLE_STATES = frozenset({ProgressReport.State.DRAFT, ProgressReport.State.RETURNED})


class NotPermitted(Http404):
    """The user may not see or do this; answered as 404, exactly like a missing object."""


class NotEditable(Exception):
    """The user's own report cannot be changed now (answered as 409 with ``reason``)."""

    def __init__(self, report: ProgressReport, reason: str):
        self.report = report
        self.reason = reason
        super().__init__(reason)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_secretariat(user) -> bool:
    """Secretariat officers review, publish and administer; superusers count as secretariat."""
    if not _active(user):
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
    if not _active(user):
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user)


def agency_ids_of(user) -> set[int]:
    if not _active(user):
        return set()
    cached = getattr(user, "_nap_agency_ids", None)
    if cached is None:
        cached = set(agencies_of(user).values_list("pk", flat=True))
        user._nap_agency_ids = cached
    return cached


def works_for(user, agency_id: int | None) -> bool:
    return agency_id is not None and agency_id in agency_ids_of(user)


def can_read(user, report: ProgressReport) -> bool:
    return is_secretariat(user) or works_for(user, report.agency_id)


def edit_refusal(report: ProgressReport) -> str | None:
    """Why the agency cannot change the report now; None when it can."""
    if report.state not in EDITABLE_STATES:
        return _("A submitted report cannot be changed by the agency.")
    if not report.period.is_open:
        return _("This reporting period is not open for submissions.")
    return None


def can_write(user, report: ProgressReport) -> bool:
    """Agency staff write their own drafts and returned reports while the period is open."""
    return works_for(user, report.agency_id) and edit_refusal(report) is None


def require_read(user, report: ProgressReport) -> None:
    if not can_read(user, report):
        raise NotPermitted


def require_owner(user, report: ProgressReport) -> None:
    if not works_for(user, report.agency_id):
        raise NotPermitted


def require_secretariat(user) -> None:
    if not is_secretariat(user):
        raise NotPermitted


def workspace_plans(user) -> QuerySet[Plan]:
    """Plans a user may see named in the workspace: every plan for the secretariat; for
    everyone else, the public ones (a draft plan's title stays with the secretariat)."""
    return Plan.objects.all() if is_secretariat(user) else public_plans()


def reports_for_user(user) -> QuerySet[ProgressReport]:
    """The reports a user may read in the workspace: all for the secretariat, else their own."""
    reports = ProgressReport.objects.select_related("measure__plan", "agency", "period__plan")
    if is_secretariat(user):
        return reports
    return reports.filter(agency__in=agency_ids_of(user))


def get_report_for_user(user, pk, write: bool = False) -> ProgressReport:
    """Fetch a report the user may read (or, with ``write``, edit now).

    Not readable: 404. Readable, ``write`` asked, but not the user's own: 404. The user's own
    but not editable now: ``NotEditable`` (409).
    """
    try:
        report = reports_for_user(user).get(pk=pk)
    except (ProgressReport.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotPermitted from None
    if write:
        require_owner(user, report)
        reason = edit_refusal(report)
        if reason:
            raise NotEditable(report, reason)
    return report


def get_evidence_for_user(user, report_pk, pk) -> Evidence:
    report = get_report_for_user(user, report_pk)
    try:
        return report.evidence.get(pk=pk)
    except (Evidence.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotPermitted from None


def get_period_for_secretariat(user, pk) -> ReportingPeriod:
    require_secretariat(user)
    try:
        return ReportingPeriod.objects.select_related("plan").get(pk=pk)
    except (ReportingPeriod.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotPermitted from None
