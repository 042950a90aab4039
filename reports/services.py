"""Every write of the reporting workflow, with its rules: who may do it, in which state.

Views, the admin, the API and management commands call these functions only. Each one is
atomic, checks permission first (``NotPermitted``, answered as 404 like a missing object),
then state (``InvalidState``), then input (``django.core.exceptions.ValidationError``),
writes a history entry naming the user and the action, and sends mail after commit.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from operations.publication import bump
from plans.models import Measure, Plan

from . import documents, emails
from .access import (
    NotPermitted,
    edit_refusal,
    is_secretariat,
    require_owner,
    require_read,
    require_secretariat,
    works_for,
)
from .evidence import EXTENSIONS, validate_upload
from .models import (
    AgencySignature,
    Clarification,
    DeadlineExtension,
    Evidence,
    ImplementationStatus,
    IndicatorValue,
    ProgressReport,
    ReportingPeriod,
    SubItemProgress,
)
from .obligations import is_obliged, obligations_for_period
from .search_index import reindex_measures

State = ProgressReport.State

__all__ = [
    "InvalidState",
    "NotPermitted",
    "StaleVersion",
    "WorkflowError",
    "accept_report",
    "add_evidence",
    "close_period",
    "extend_deadline",
    "post_clarification",
    "remove_evidence",
    "correct_report",
    "save_report_with_evidence",
    "open_period",
    "publish_period",
    "publish_report",
    "return_report",
    "save_report",
    "sign_agency_report",
    "submit_report",
]


class WorkflowError(Exception):
    """Base of the workflow's refusals that are not permission failures."""


class InvalidState(WorkflowError):
    """The action is not possible in the report's (or period's) current state (API: 409)."""


class StaleVersion(WorkflowError):
    """Someone saved the report after the user loaded it (API: 412).

    Carries both texts so the user can merge: ``current`` is the report as saved now,
    ``yours_works_done``/``yours_status`` what the user tried to save.
    """

    def __init__(self, current: ProgressReport, *, yours_works_done: str, yours_status: str):
        self.current = current
        self.current_version = current.version
        self.current_works_done = current.works_done
        self.current_status = current.status
        self.yours_works_done = yours_works_done
        self.yours_status = yours_status
        super().__init__(
            f"report {current.pk} is at version {current.version}; the save was based on another"
        )


def _clean_status(status: str | None) -> str:
    status = status or ""
    if status and status not in ImplementationStatus.values:
        raise ValidationError({"status": _("Choose an implementation status from the list.")})
    return status


def _clean_text(text: str | None) -> str:
    # Paragraphs are kept; only Windows line ends and trailing blanks are normalised.
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _check_length(works_done: str) -> None:
    """The text is within ``REPORT_TEXT_MAX_LENGTH``: web and API refuse a longer one alike."""
    limit = settings.REPORT_TEXT_MAX_LENGTH
    if len(works_done) > limit:
        raise ValidationError(
            {
                "works_done": _(
                    "The works done can be at most %(limit)d characters long; this text has "
                    "%(count)d. Shorten it and attach long documents as evidence."
                )
                % {"limit": limit, "count": len(works_done)}
            }
        )


def _lock(report: ProgressReport) -> ProgressReport:
    """The report re-read under a row lock, so checks see the committed state."""
    return (
        ProgressReport.objects.select_for_update()
        .select_related("period__plan", "measure__plan", "agency")
        .get(pk=report.pk)
    )


def _check_version(report: ProgressReport, expected_version, works_done: str, status: str) -> None:
    if expected_version is None:
        return
    try:
        matches = int(expected_version) == report.version
    except (TypeError, ValueError):
        matches = False  # a version that names none cannot be the current one
    if not matches:
        raise StaleVersion(report, yours_works_done=works_done, yours_status=status)


def _write(report: ProgressReport, user, reason: str, fields: set[str]) -> ProgressReport:
    """Save the changed fields with a bumped version and a history entry naming user and action.

    The compare-and-set on ``version`` refuses a concurrent write even where the database
    has no row locks (SQLite): the UPDATE matches no row if someone else got there first.
    """
    claimed = ProgressReport.objects.filter(pk=report.pk, version=report.version).update(
        version=F("version") + 1
    )
    if claimed != 1:
        current = ProgressReport.objects.get(pk=report.pk)
        raise StaleVersion(current, yours_works_done=report.works_done, yours_status=report.status)
    report.version += 1
    report.updated_by = user
    report._history_user = user
    report._change_reason = reason
    report.save(update_fields={*fields, "version", "updated_by", "updated_at"})
    return report


# IndicatorValue.value: 16 digits, 4 of them after the point.
INDICATOR_VALUE_LIMIT = Decimal(10) ** 12


def indicator_field(indicator_id: int) -> str:
    """The name of an indicator's value wherever a form or a ValidationError names it."""
    return f"indicator_{indicator_id}"


def sub_item_field(sub_item_id: int, part: str) -> str:
    """The name of a sub-item line's ``status`` or ``text``."""
    return f"sub_item_{sub_item_id}_{part}"


def _clean_indicator_values(measure: Measure, values: Mapping | None) -> dict[int, Decimal | None]:
    """``{indicator id: value or None}`` for the measure's numeric indicators only."""
    if values is None:
        return {}
    numeric = {i.pk: i for i in measure.indicators.order_by("pk") if i.is_numeric}
    cleaned: dict[int, Decimal | None] = {}
    errors = {}
    for key, raw in values.items():
        pk = int(getattr(key, "pk", key))
        if pk not in numeric:
            errors[indicator_field(pk)] = _("This measure has no such numeric indicator.")
            continue
        if raw in (None, ""):
            cleaned[pk] = None
            continue
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or abs(value) >= INDICATOR_VALUE_LIMIT:
            errors[indicator_field(pk)] = _("Enter the value as a number, e.g. 125 or 12.5.")
            continue
        cleaned[pk] = value.quantize(Decimal("0.0001"))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_sub_item_lines(measure: Measure, lines: Mapping | None) -> dict[int, tuple[str, str]]:
    """``{sub-item id: (status, text)}`` for the measure's sub-items only."""
    if lines is None:
        return {}
    own = set(measure.sub_items.values_list("pk", flat=True))
    cleaned, errors = {}, {}
    for key, (status, text) in lines.items():
        pk = int(getattr(key, "pk", key))
        if pk not in own:
            errors[sub_item_field(pk, "status")] = _("This measure has no such sub-item.")
            continue
        status = status or ""
        if status not in ImplementationStatus.values and status != "":
            errors[sub_item_field(pk, "status")] = _(
                "Choose an implementation status from the list."
            )
            continue
        text = _clean_text(text)
        if len(text) > settings.REPORT_TEXT_MAX_LENGTH:
            errors[sub_item_field(pk, "text")] = _("Keep this text under %(limit)d characters.") % {
                "limit": settings.REPORT_TEXT_MAX_LENGTH
            }
            continue
        cleaned[pk] = (status, text)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _write_parts(report: ProgressReport, user, values: dict, lines: dict) -> bool:
    """Store the report's indicator values and sub-item lines (each with its own history);
    whether anything changed."""
    changed = False
    existing = {v.indicator_id: v for v in IndicatorValue.objects.filter(report=report)}
    for indicator_id, value in values.items():
        row = existing.get(indicator_id)
        if value is None:
            if row is not None:
                row._history_user = user
                row.delete()
                changed = True
            continue
        if row is not None and row.value == value:
            continue
        row = row or IndicatorValue(report=report, indicator_id=indicator_id)
        row.value = value
        row._history_user = user
        row.save()
        changed = True
    saved_lines = {line.sub_item_id: line for line in SubItemProgress.objects.filter(report=report)}
    for sub_item_id, (status, text) in lines.items():
        line = saved_lines.get(sub_item_id)
        if line is None and not (status or text):
            continue
        if line is not None and (line.status, line.text) == (status, text):
            continue
        line = line or SubItemProgress(report=report, sub_item_id=sub_item_id)
        line.status, line.text = status, text
        line._history_user = user
        line.save()
        changed = True
    return changed


def _require_editable(report: ProgressReport) -> None:
    """The agency may change the report now (access.edit_refusal), else InvalidState."""
    reason = edit_refusal(report)
    if reason:
        raise InvalidState(reason)


@transaction.atomic
def save_report(
    *,
    user,
    works_done: str,
    status: str = "",
    expected_version: int | None = None,
    report: ProgressReport | None = None,
    measure: Measure | None = None,
    agency: Agency | None = None,
    period: ReportingPeriod | None = None,
    indicator_values: Mapping | None = None,
    sub_item_lines: Mapping | None = None,
) -> ProgressReport:
    """Save an agency's draft (creating it on first save), or its returned report.

    Pass ``report``, or ``measure`` + ``agency`` + ``period`` for a report that may not exist
    yet. ``expected_version`` is the version the user's form was loaded from; ``None`` skips
    the check (a first save of a new report has nothing to conflict with, unless another
    user created it meanwhile, which is refused when ``expected_version`` is given).

    ``indicator_values`` (``{indicator or id: number, or None to clear}``, the measure's
    numeric indicators) and ``sub_item_lines`` (``{sub-item or id: (status, text)}``, the
    measure's sub-items) are saved with the text in the same version; ``None`` leaves them
    as they are. A value that is not a number is refused at its field
    (``indicator_field``/``sub_item_field``).
    """
    works_done = _clean_text(works_done)
    if report is None:
        if measure is None or agency is None or period is None:
            raise TypeError("save_report needs report, or measure, agency and period")
        if not works_for(user, agency.pk):
            raise NotPermitted
        period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
        if not is_obliged(period, measure, agency):
            raise NotPermitted
        report = ProgressReport.objects.filter(
            measure=measure, agency=agency, period=period
        ).first()
        if report is None:
            if not period.is_open:
                raise InvalidState(_("This reporting period is not open for submissions."))
            if expected_version not in (None, 0):
                raise StaleVersion(
                    ProgressReport(measure=measure, agency=agency, period=period, version=0),
                    yours_works_done=works_done,
                    yours_status=status or "",
                )
            _check_length(works_done)
            values = _clean_indicator_values(measure, indicator_values)
            lines = _clean_sub_item_lines(measure, sub_item_lines)
            report = ProgressReport(
                measure=measure,
                agency=agency,
                period=period,
                works_done=works_done,
                status=_clean_status(status),
                updated_by=user,
            )
            report._history_user = user
            report._change_reason = "created"
            report.save()
            _write_parts(report, user, values, lines)
            return report
    require_owner(user, report)
    report = _lock(report)
    _check_version(report, expected_version, works_done, status or "")
    _require_editable(report)
    _check_length(works_done)
    values = _clean_indicator_values(report.measure, indicator_values)
    lines = _clean_sub_item_lines(report.measure, sub_item_lines)
    report.works_done = works_done
    report.status = _clean_status(status)
    report = _write(report, user, "saved", {"works_done", "status"})
    _write_parts(report, user, values, lines)
    return report


@transaction.atomic
def submit_report(
    *, report: ProgressReport, user, expected_version: int | None = None
) -> ProgressReport:
    """Hand a draft or returned report to the secretariat; works done are required."""
    require_owner(user, report)
    report = _lock(report)
    _check_version(report, expected_version, report.works_done, report.status)
    _require_editable(report)
    if not report.works_done.strip():
        raise ValidationError({"works_done": _("Describe the works done before submitting.")})
    now = timezone.now()
    report.state = State.SUBMITTED
    report.submitted_at = now
    report.submitted_by = user
    fields = {"state", "submitted_at", "submitted_by"}
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        fields.add("first_submitted_at")
    # The public reporting figures (handed in, on time: reports.obligations) count it.
    bump("report submitted")
    return _write(report, user, "submitted", fields)


def _lock_for_review(report: ProgressReport, user, expected_version) -> ProgressReport:
    """The secretariat's step on a report: permission first, then the locked, current row."""
    require_read(user, report)
    require_secretariat(user)
    report = _lock(report)
    _check_version(report, expected_version, report.works_done, report.status)
    return report


def _review(report: ProgressReport, user, new_state: str, reason: str, comment: str = ""):
    report.state = new_state
    report.reviewed_at = timezone.now()
    report.reviewed_by = user
    report.review_comment = comment
    return _write(report, user, reason, {"state", "reviewed_at", "reviewed_by", "review_comment"})


@transaction.atomic
def return_report(
    *, report: ProgressReport, user, comment: str, expected_version: int | None = None
) -> ProgressReport:
    """Send a submitted report back to its agency with the secretariat's (required) comment."""
    report = _lock_for_review(report, user, expected_version)
    if report.state != State.SUBMITTED:
        raise InvalidState(_("Only a submitted report can be returned."))
    comment = _clean_text(comment)
    if not comment:
        raise ValidationError({"comment": _("Say what the agency must fix.")})
    report = _review(report, user, State.RETURNED, "returned", comment)
    bump("report returned")  # the public figures count returned reports apart
    emails.on_commit_report_mail(report, "returned")
    return report


@transaction.atomic
def accept_report(
    *, report: ProgressReport, user, expected_version: int | None = None
) -> ProgressReport:
    """Accept a submitted report; it becomes public when published."""
    report = _lock_for_review(report, user, expected_version)
    if report.state != State.SUBMITTED:
        raise InvalidState(_("Only a submitted report can be accepted."))
    report = _review(report, user, State.ACCEPTED, "accepted")
    emails.on_commit_report_mail(report, "accepted")
    return report


def _publish(report: ProgressReport, user, now) -> ProgressReport:
    report.state = State.PUBLISHED
    report.published_at = now
    report.published_by = user
    return _write(report, user, "published", {"state", "published_at", "published_by"})


def _mark_period_published(period: ReportingPeriod, *, final: bool) -> bool:
    """Make the period's results public (``final``: as the year's final results); True when
    they were not public before. A single report makes a year public but provisional
    (reports.visibility): it never becomes the public's default year."""
    fields = []
    opened = not period.is_published
    if opened:
        period.is_published = True
        fields.append("is_published")
    if final and not period.is_final:
        period.is_final = True
        fields.append("is_final")
    if fields:
        period.save(update_fields=fields)
    return opened


def _reindex(*, period: ReportingPeriod, report: ProgressReport | None, period_opened: bool):
    """Rebuild the search index where published text changed: search holds public text only."""
    if period_opened or report is None:
        reindex_measures(Measure.objects.filter(plan_id=period.plan_id))
    else:
        reindex_measures(Measure.objects.filter(pk=report.measure_id))


@transaction.atomic
def publish_report(
    *, report: ProgressReport, user, expected_version: int | None = None
) -> ProgressReport:
    """Publish one accepted report (and mark its period's results public)."""
    report = _lock_for_review(report, user, expected_version)
    if report.state != State.ACCEPTED:
        raise InvalidState(_("Only an accepted report can be published."))
    report = _publish(report, user, timezone.now())
    opened = _mark_period_published(report.period, final=False)
    _reindex(period=report.period, report=report, period_opened=opened)
    bump("report published")
    documents.rebuild_after_commit(report.period, agency_ids=[report.agency_id])
    emails.on_commit_report_mail(report, "published")
    return report


@transaction.atomic
def publish_period(*, period: ReportingPeriod, user) -> list[ProgressReport]:
    """Publish every accepted report of the period and its results as final (the year becomes
    the public's default and gets its consolidated report); returns the reports published."""
    require_secretariat(user)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    now = timezone.now()
    published = [
        _publish(report, user, now)
        for report in ProgressReport.objects.select_for_update()
        .filter(period=period, state=State.ACCEPTED)
        .select_related("period__plan", "measure__plan", "agency")
    ]
    _mark_period_published(period, final=True)
    _reindex(period=period, report=None, period_opened=True)
    bump("year published")
    # The year's documents are built once, in the background, from what is now public.
    documents.rebuild_after_commit(period)
    emails.on_commit_period_published(period, published)
    return published


@transaction.atomic
def correct_report(
    *,
    report: ProgressReport,
    user,
    works_done: str,
    status: str,
    reason: str,
    expected_version: int | None = None,
) -> ProgressReport:
    """A new published version of a published report, with a stated reason; the old one stays
    in the history."""
    require_read(user, report)
    require_secretariat(user)
    report = _lock(report)
    works_done = _clean_text(works_done)
    _check_version(report, expected_version, works_done, status or "")
    if report.state != State.PUBLISHED:
        raise InvalidState(_("Only a published report can be corrected."))
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("State the reason for the correction.")})
    if not works_done:
        raise ValidationError({"works_done": _("Works done cannot be empty.")})
    _check_length(works_done)
    report.works_done = works_done
    report.status = _clean_status(status)
    report.correction_reason = reason
    report.published_at = timezone.now()
    report.published_by = user
    report = _write(
        report,
        user,
        "corrected",
        {"works_done", "status", "correction_reason", "published_at", "published_by"},
    )
    _reindex(period=report.period, report=report, period_opened=False)
    bump("report corrected")
    documents.rebuild_after_commit(report.period, agency_ids=[report.agency_id])
    return report


@transaction.atomic
def open_period(
    *, plan: Plan, year: int, due_date: date | None, user, notify: bool = True
) -> ReportingPeriod:
    """Open (or reopen) a plan's reporting year for submissions and mail the obliged agencies."""
    require_secretariat(user)
    if not plan.start_year <= year <= plan.end_year:
        raise ValidationError({"year": _("The year is outside the plan's years.")})
    period, _created = ReportingPeriod.objects.select_for_update().get_or_create(
        plan=plan, year=year
    )
    if period.is_open:
        raise InvalidState(_("This reporting period is already open."))
    period.is_open = True
    period.due_date = due_date
    period.opened_at = timezone.now()
    period.save(update_fields=["is_open", "due_date", "opened_at"])
    # The open-data API lists every period with its due date; the agency pages count from it.
    bump("period opened")
    if notify:
        emails.on_commit_period_opened(period)
    return period


@transaction.atomic
def close_period(*, period: ReportingPeriod, user) -> ReportingPeriod:
    """Stop submissions for the period; reports already handed in can still be reviewed."""
    require_secretariat(user)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_open:
        raise InvalidState(_("This reporting period is not open."))
    period.is_open = False
    period.save(update_fields=["is_open"])
    bump("period closed")
    return period


def _lock_editable(user, report: ProgressReport) -> ProgressReport:
    require_owner(user, report)
    report = _lock(report)
    _require_editable(report)
    return report


@transaction.atomic
def add_evidence(
    *,
    report: ProgressReport,
    user,
    title: str = "",
    url: str = "",
    file=None,
    is_public: bool = True,
) -> Evidence:
    """Attach a link or a file (type checked from its content, at most 10 MB) to a report;
    ``is_public=False`` keeps it internal even once the report is published."""
    report = _lock_editable(user, report)
    if bool(url) == bool(file):
        raise ValidationError({"url": _("Give either a link or a file.")})
    evidence = Evidence(
        report=report,
        title=title.strip(),
        url=url.strip(),
        is_public=is_public,
        uploaded_by=user,
    )
    if file is not None:
        try:
            content_type = validate_upload(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        stem = Path(file.name or "evidence").stem[:80] or "evidence"
        evidence.content_type = content_type
        evidence.size = file.size
        evidence.title = evidence.title or Path(file.name or "").name[:255]
        evidence.file.save(f"{stem}.{EXTENSIONS[content_type]}", file, save=False)
    evidence.save()
    _write(report, user, "evidence added", set())
    return evidence


@transaction.atomic
def remove_evidence(*, evidence: Evidence, user) -> None:
    report = _lock_editable(user, evidence.report)
    stored = evidence.file.name if evidence.file else ""
    evidence.delete()
    if stored:
        storage = Evidence._meta.get_field("file").storage
        transaction.on_commit(lambda: storage.delete(stored))
    _write(report, user, "evidence removed", set())


@transaction.atomic
def save_report_with_evidence(
    *,
    user,
    works_done: str,
    status: str = "",
    expected_version: int | None = None,
    report: ProgressReport | None = None,
    measure: Measure | None = None,
    agency: Agency | None = None,
    period: ReportingPeriod | None = None,
    new_evidence: Sequence[dict] = (),
    removed_evidence: Sequence[Evidence] = (),
    indicator_values: Mapping | None = None,
    sub_item_lines: Mapping | None = None,
) -> ProgressReport:
    """One save of the report form: the text, indicator values and sub-item lines
    (``save_report``), then the evidence removed (``remove_evidence``) and added
    (``add_evidence``, each item its keyword arguments). All or nothing: a refused file
    leaves the text unsaved too, so the form shows both back."""
    report = save_report(
        user=user,
        works_done=works_done,
        status=status,
        expected_version=expected_version,
        report=report,
        measure=measure,
        agency=agency,
        period=period,
        indicator_values=indicator_values,
        sub_item_lines=sub_item_lines,
    )
    for evidence in removed_evidence:
        if evidence.report_id != report.pk:
            raise NotPermitted
        remove_evidence(evidence=evidence, user=user)
    for item in new_evidence:
        add_evidence(report=report, user=user, **item)
    return report


CLARIFICATION_MAX_LENGTH = 5000


@transaction.atomic
def post_clarification(*, report: ProgressReport, user, text: str) -> Clarification:
    """A message in the report's thread between the secretariat and the owning agency, short
    of returning it: the report's text, state and version stay as they are, and nothing of
    it is public. The other side is mailed after commit."""
    require_read(user, report)
    text = _clean_text(text)
    if not text:
        raise ValidationError({"text": _("Write the message.")})
    if len(text) > CLARIFICATION_MAX_LENGTH:
        raise ValidationError(
            {
                "text": _("Keep the message under %(limit)d characters.")
                % {"limit": CLARIFICATION_MAX_LENGTH}
            }
        )
    clarification = Clarification.objects.create(
        report=report,
        author=user,
        # Staff of the agency speak for it, even if they are also secretariat officers.
        by_secretariat=is_secretariat(user) and not works_for(user, report.agency_id),
        message=text,
    )
    emails.on_commit_clarification(clarification)
    return clarification


@transaction.atomic
def extend_deadline(
    *, period: ReportingPeriod, agency: Agency, due_date: date, reason: str, user
) -> DeadlineExtension:
    """Give one agency a later due date in the period (or change the one it has); its "on
    time" and "missing" are judged against it (reports.obligations)."""
    require_secretariat(user)
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.due_date is None:
        raise InvalidState(_("This reporting period has no due date to extend."))
    if not any(not o.recommended for o in obligations_for_period(period, [agency])):
        raise ValidationError({"agency": _("This agency owes no report in this period.")})
    if due_date is None or due_date <= period.due_date:
        raise ValidationError(
            {
                "due_date": _("Give a date after the period's due date, %(due)s.")
                % {"due": period.due_date.strftime("%d.%m.%Y")}
            }
        )
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("State the reason for the extension.")})
    extension, _created = DeadlineExtension.objects.update_or_create(
        period=period,
        agency=agency,
        defaults={
            "due_date": due_date,
            "reason": reason,
            "granted_by": user,
            "granted_at": timezone.now(),
        },
    )
    # "Missing" and "on time" on the public agency pages are judged against the new date.
    bump("deadline extended")
    return extension


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


@transaction.atomic
def sign_agency_report(
    *,
    user,
    agency: Agency,
    period: ReportingPeriod,
    signatory_name: str,
    signatory_position: str,
    signed_on: date | None,
    letter_number: str = "",
    letter_date: date | None = None,
) -> AgencySignature:
    """Set (or change) who signs the agency's report for the period and the outgoing letter
    that sends it: once per agency and period. Staff of an agency the period obliges, while
    the period is open."""
    if not works_for(user, agency.pk):
        raise NotPermitted
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not obligations_for_period(period, [agency]):
        raise NotPermitted
    if not period.is_open:
        raise InvalidState(_("This reporting period is not open for submissions."))
    values = {
        "signatory_name": _one_line(signatory_name),
        "signatory_position": _one_line(signatory_position),
        "signed_on": signed_on,
        "letter_number": _one_line(letter_number),
        "letter_date": letter_date,
    }
    today = timezone.localdate()
    errors = {}
    if not values["signatory_name"]:
        errors["signatory_name"] = _("Give the name of the person who signs the report.")
    if not values["signatory_position"]:
        errors["signatory_position"] = _("Give the signatory's position.")
    if signed_on is None:
        errors["signed_on"] = _("Give the date of the signature.")
    elif signed_on > today:
        errors["signed_on"] = _("The date of the signature cannot be in the future.")
    if letter_date is not None and letter_date > today:
        errors["letter_date"] = _("The date of the letter cannot be in the future.")
    if letter_date is not None and not values["letter_number"]:
        errors["letter_number"] = _("Give the number of the outgoing letter with its date.")
    if errors:
        raise ValidationError(errors)
    signature = (
        AgencySignature.objects.select_for_update().filter(agency=agency, period=period).first()
    )
    reason = "signature changed"
    if signature is None:
        signature = AgencySignature(agency=agency, period=period)
        reason = "signed"
    for name, value in values.items():
        setattr(signature, name, value)
    signature.updated_by = user
    signature._history_user = user
    signature._change_reason = reason
    signature.save()
    # Shown on the public agency report once the period is public (reports.visibility).
    bump(f"agency report {reason}")
    documents.rebuild_after_commit(period, agency_ids=[agency.pk])
    return signature
