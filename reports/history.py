"""Every version of a report: who, when, what action, and what changed; and, for those who
may read the report, its clarification thread interleaved by time (never public)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .diff import Piece, has_changes, word_diff
from .models import Clarification, ProgressReport

# The change reasons the services write, as readers see them.
ACTIONS = {
    "created": _("created"),
    "saved": _("saved"),
    "submitted": _("submitted"),
    "returned": _("returned"),
    "accepted": _("accepted"),
    "published": _("published"),
    "corrected": _("corrected"),
    "evidence added": _("evidence added"),
    "evidence removed": _("evidence removed"),
}
# The fields a reader of the history cares about; timestamps and who-fields are shown apart.
TRACKED = ["state", "status", "works_done", "review_comment", "correction_reason"]


@dataclass
class Version:
    record: object
    changed: list[str]
    text_diff: list[Piece] | None
    kind = "version"

    @property
    def user(self):
        return self.record.history_user

    @property
    def when(self):
        return self.record.history_date

    @property
    def action(self) -> str:
        reason = self.record.history_change_reason or ""
        return str(ACTIONS.get(reason, reason))


def report_history(report: ProgressReport) -> list[Version]:
    """Newest first."""
    records = list(report.history.select_related("history_user").order_by("history_date", "pk"))
    versions: list[Version] = []
    previous = None
    for record in records:
        if previous is None:
            changed = [name for name in TRACKED if getattr(record, name)]
            text_diff = None
        else:
            changed = [n for n in TRACKED if getattr(record, n) != getattr(previous, n)]
            text_diff = (
                word_diff(previous.works_done, record.works_done)
                if "works_done" in changed
                else None
            )
        labels = [str(ProgressReport._meta.get_field(name).verbose_name) for name in changed]
        versions.append(Version(record, labels, text_diff))
        previous = record
    return list(reversed(versions))


@dataclass
class Message:
    """A clarification in the history: it changed nothing in the report."""

    clarification: Clarification
    kind = "clarification"

    @property
    def user(self):
        return self.clarification.author

    @property
    def when(self):
        return self.clarification.created_at


def report_timeline(report: ProgressReport) -> list[Version | Message]:
    """The report's versions and its clarification thread, newest first. For the agency and
    the secretariat only: the public reads ``published_versions``."""
    messages = [
        Message(c) for c in report.clarifications.select_related("author").order_by("created_at")
    ]
    return sorted([*report_history(report), *messages], key=lambda e: e.when, reverse=True)


def published_versions(report: ProgressReport) -> QuerySet:
    """The versions the public may see: those saved while the report was published."""
    return report.history.filter(state=ProgressReport.State.PUBLISHED).order_by("-history_date")


@dataclass
class Resubmission:
    """A submitted report that the secretariat had returned: the return and what changed."""

    returned_at: object
    returned_by: object
    comment: str
    status_at_return: str
    text_diff: list[Piece]

    @property
    def status_at_return_label(self) -> str:
        return str(dict(ProgressReport.status.field.choices).get(self.status_at_return, ""))

    @property
    def text_changed(self) -> bool:
        return has_changes(self.text_diff)


def resubmission(report: ProgressReport) -> Resubmission | None:
    """For a report submitted again after a return: the latest return (when, by whom, the
    secretariat's comment) and a word diff of the text from that version to the current one;
    ``None`` for a first submission or a report not waiting for review."""
    if report.state != ProgressReport.State.SUBMITTED:
        return None
    record = (
        report.history.filter(history_change_reason="returned")
        .select_related("history_user")
        .order_by("-history_date", "-pk")
        .first()
    )
    if record is None:
        return None
    return Resubmission(
        returned_at=record.history_date,
        returned_by=record.history_user,
        comment=record.review_comment,
        status_at_return=record.status,
        text_diff=word_diff(record.works_done, report.works_done),
    )
