"""Reporting periods, agencies' progress reports on measures, and their evidence."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from plans.status import ImplementationStatus

# The scale is the measure's (plans.status); reports state it. Re-exported for the write side.
__all__ = [
    "Clarification",
    "DeadlineExtension",
    "AgencySignature",
    "PlanUpload",
    "Evidence",
    "ImplementationStatus",
    "IndicatorValue",
    "ProgressReport",
    "Reminder",
    "ReportingPeriod",
    "ReviewDigest",
    "SubItemProgress",
    "StoredDocument",
]


class ReportingPeriod(models.Model):
    """A plan's reporting year: its due date, whether agencies may submit, whether it is public."""

    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.CASCADE,
        related_name="periods",
        verbose_name=_("plan"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    is_open = models.BooleanField(_("open for submissions"), default=False)
    # Public once the first report of the year is published; final once the secretariat
    # publishes the year (reports.services.publish_period). Only final years are the public's
    # default year and have a consolidated report (reports.visibility).
    is_published = models.BooleanField(_("results published"), default=False)
    is_final = models.BooleanField(
        _("results final"),
        default=False,
        help_text=_("The year's results are complete and published as final."),
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="unique_period_year"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} — {self.year}"


class ProgressReportQuerySet(models.QuerySet):
    def for_agency(self, agency) -> "ProgressReportQuerySet":
        return self.filter(agency=agency)


class ProgressReport(models.Model):
    """One agency's account of one measure for one reporting period."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")
        PUBLISHED = "published", _("Published")

    measure = models.ForeignKey(
        "plans.Measure",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("measure"),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("agency"),
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("reporting period"),
    )
    status = models.CharField(
        _("implementation status"),
        max_length=16,
        choices=ImplementationStatus.choices,
        blank=True,
        help_text=_("Left empty when the source document states none."),
    )
    works_done = models.TextField(_("works done"), blank=True)
    state = models.CharField(
        _("workflow state"), max_length=16, choices=State.choices, default=State.DRAFT
    )
    # Optimistic locking: every save checks and increments it, so a concurrent edit is refused.
    version = models.PositiveIntegerField(_("version"), default=1)
    position = models.PositiveIntegerField(
        _("position"), default=0, help_text=_("Order of the statement in its source document.")
    )

    signatory_name = models.CharField(_("signatory"), max_length=255, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=500, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)

    review_comment = models.TextField(_("secretariat's comment"), blank=True)
    correction_reason = models.TextField(_("reason for correction"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The first submission decides whether the agency reported on time; a resubmission after
    # a return does not make it late.
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    history = HistoricalRecords(
        verbose_name=_("historical progress report"),
        excluded_fields=["updated_at"],
    )
    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["period", "measure__sort_key", "position"]
        constraints = [
            # No INCLUDE columns here: Django leaves a unique constraint with them out
            # altogether where the database has no covering indexes (SQLite).
            models.UniqueConstraint(
                fields=["measure", "agency", "period"], name="unique_report_per_period"
            ),
        ]
        indexes = [
            # The public pages read published reports of a period (board, measure, exports):
            # the statuses of a year's published reports (board) are read from the index alone
            # on PostgreSQL (an index-only scan: the report text never leaves the disk), and a
            # period's newest published reports (feeds) are an ordered scan of it.
            models.Index(
                fields=["period", "state", "published_at", "id"],
                include=["measure", "status"],
                name="report_period_state_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.number} · {self.agency} · {self.period.year}"

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.works_done.split("\n") if line.strip()]


class IndicatorValue(models.Model):
    """The value a numeric indicator reached in the report's period, as the agency states it.

    Written with the report by ``services.save_report``; public with its report only
    (reports.visibility)."""

    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name=_("report"),
    )
    indicator = models.ForeignKey(
        "plans.Indicator",
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("indicator"),
    )
    value = models.DecimalField(_("value reached"), max_digits=16, decimal_places=4)
    note = models.CharField(_("note"), max_length=500, blank=True)

    history = HistoricalRecords(verbose_name=_("historical indicator value"))

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["report", "indicator__position", "indicator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="unique_indicator_value_per_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.value}"


class SubItemProgress(models.Model):
    """A report's line on one sub-item of its measure: its status and what was done.

    Written with the report by ``services.save_report``; the board rolls these statuses up
    to the measure (plans.status.rolled_up_rank)."""

    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        related_name="sub_item_lines",
        verbose_name=_("report"),
    )
    sub_item = models.ForeignKey(
        "plans.SubItem",
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=_("sub-item"),
    )
    status = models.CharField(
        _("implementation status"),
        max_length=16,
        choices=ImplementationStatus.choices,
        blank=True,
    )
    text = models.TextField(_("works done"), blank=True)

    history = HistoricalRecords(verbose_name=_("historical sub-item line"))

    class Meta:
        verbose_name = _("sub-item progress")
        verbose_name_plural = _("sub-item progress")
        ordering = ["report", "sub_item__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "sub_item"], name="unique_sub_item_line_per_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sub_item.number} · {self.get_status_display() or '—'}"


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    return f"evidence/{instance.report.period.year}/{instance.report_id}/{filename}"


class Evidence(models.Model):
    """A link or an uploaded file supporting a report; public or internal."""

    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("report"),
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, blank=True, max_length=500)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    # Internal evidence stays with the agency and the secretariat, even on a published report
    # (reports.visibility); evidence from before the choice existed stays public.
    is_public = models.BooleanField(_("public"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["report", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="evidence_link_xor_file",
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.url or self.file.name


class Reminder(models.Model):
    """A reminder mailed to an agency about its missing reports; kept so each goes out once."""

    class Kind(models.TextChoices):
        DAYS_30 = "30d", _("30 days before the due date")
        DAYS_7 = "7d", _("7 days before the due date")
        OVERDUE = "overdue", _("Overdue")

    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("reporting period"),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("agency"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    missing_count = models.PositiveIntegerField(_("missing reports"), default=0)
    recipients = models.TextField(_("recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "agency", "kind"], name="unique_reminder_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.agency} · {self.get_kind_display()}"


class ReviewDigest(models.Model):
    """A daily digest mailed to the secretariat: the reports submitted in its window. Kept so
    each day's digest goes out once and the next one starts where this one ended."""

    day = models.DateField(_("day"), unique=True)
    since = models.DateTimeField(_("submitted after"))
    until = models.DateTimeField(_("submitted up to"))
    report_count = models.PositiveIntegerField(_("reports"), default=0)
    recipients = models.TextField(_("recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("review digest")
        verbose_name_plural = _("review digests")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} · {self.report_count}"


class Clarification(models.Model):
    """A message on a report between the secretariat and the agency, short of returning it.

    It never changes the report's text, state or version, and it is never public."""

    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        related_name="clarifications",
        verbose_name=_("report"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    # Which side wrote it, fixed when written: the author may later change jobs.
    by_secretariat = models.BooleanField(_("from the secretariat"), default=False)
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("clarification")
        verbose_name_plural = _("clarifications")
        ordering = ["report", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} · {self.created_at:%Y-%m-%d %H:%M}"


class DeadlineExtension(models.Model):
    """A later due date for one agency in one period, set by the secretariat; the compliance
    figures judge the agency against it (reports.obligations)."""

    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="extensions",
        verbose_name=_("reporting period"),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="deadline_extensions",
        verbose_name=_("agency"),
    )
    due_date = models.DateField(_("extended due date"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"))

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["period", "agency__name"]
        constraints = [
            # Also the index of reports.obligations' one query per page for a period's extensions.
            models.UniqueConstraint(
                fields=["period", "agency"], name="unique_extension_per_agency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.agency} · {self.due_date:%d.%m.%Y}"


class AgencySignature(models.Model):
    """Who signed an agency's report for a period, and the outgoing letter that sent it: once
    per agency and period, not per measure (the signature block of seed 004).

    Reports imported from signed documents carry their signatory on ``ProgressReport``
    itself; a signature set here wins over those for the agency's report documents.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="signatures",
        verbose_name=_("agency"),
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="signatures",
        verbose_name=_("reporting period"),
    )
    signatory_name = models.CharField(_("signatory"), max_length=255)
    signatory_position = models.CharField(_("signatory's position"), max_length=500)
    signed_on = models.DateField(_("signed on"))
    letter_number = models.CharField(_("outgoing letter number"), max_length=100, blank=True)
    letter_date = models.DateField(_("outgoing letter date"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    history = HistoricalRecords(
        verbose_name=_("historical signature"), excluded_fields=["updated_at"]
    )

    class Meta:
        verbose_name = _("signature of an agency's report")
        verbose_name_plural = _("signatures of agencies' reports")
        ordering = ["period", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period"], name="unique_signature_per_agency_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.period} · {self.signatory_name}"


class PlanUpload(models.Model):
    """A plan template file the secretariat uploaded, kept between its preview and confirm.

    Bound to the officer who uploaded it (``reports.access.get_upload_for_user``): the token
    in its address names it, nobody else opens it. The preview (plans.intake) is computed by a
    task that reports its progress here; the file is applied only when the officer confirms.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        READING = "reading", _("Being read")
        READY = "ready", _("Preview ready")
        SAVING = "saving", _("Being saved")
        SAVED = "saved", _("Saved")

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    plan = models.ForeignKey(
        "plans.Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("plan"),
    )
    # A plan to create: {"title", "slug", "start_year", "end_year"}; empty for an existing plan.
    new_plan = models.JSONField(_("new plan"), default=dict, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file"))
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    stage = models.CharField(_("stage"), max_length=16, blank=True)
    progress_done = models.PositiveIntegerField(_("rows done"), default=0)
    progress_total = models.PositiveIntegerField(_("rows in all"), default=0)
    preview = models.JSONField(_("preview"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    # Why the last confirm saved nothing (the plan changed meanwhile, say); shown at the form.
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("plan upload")
        verbose_name_plural = _("plan uploads")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class StoredDocument(models.Model):
    """A document built once and kept in storage (MEDIA_ROOT/documents/): a final year's
    consolidated report, an agency's report, a plan's open-data dump, in one format and one
    language, as the public data stood when it was built (``state``, reports.documents).

    Built by the task queue when a year is published or corrected (public/tasks.py), or on
    the first download of a small one; downloads send the file while its ``state`` is the
    current one, and a rebuild replaces it.
    """

    class Kind(models.TextChoices):
        CONSOLIDATED = "consolidated", _("consolidated report")
        AGENCY = "agency", _("agency report")
        DUMP = "dump", _("open-data dump")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        BUILDING = "building", _("building")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    # kind/plan/year/agency/format/language in one string: one row per document, whatever
    # the NULLs (an agency only for agency reports, a year for all but the dump).
    key = models.CharField(_("key"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="+", verbose_name=_("plan")
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reporting period"),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    fmt = models.CharField(_("format"), max_length=10)
    language = models.CharField(_("language"), max_length=10, blank=True)
    state = models.CharField(_("publication state"), max_length=64, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("file"), upload_to="documents/", max_length=400, blank=True)
    size = models.BigIntegerField(_("size in bytes"), default=0)
    rows = models.PositiveIntegerField(_("statements and measures"), default=0)
    percent_done = models.PositiveSmallIntegerField(_("per cent done"), default=0)
    build_seconds = models.FloatField(_("build time (s)"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"{self.key} · {self.status}"
