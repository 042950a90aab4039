"""A measure's implementation status: the scale agencies report on, and the board's reading.

Status rule (one place, reused by the board, the measure page, the exports and the API):

- a measure's status for a year comes from the *public* reports of that year
  (``reports.visibility``);
- it is the **least advanced** status stated among those reports (one agency "in progress"
  and another "done" make the measure "in progress"); reports that state no status are
  ignored when another one states a status;
- reports that all state none make the bucket ``not_stated`` (the seed documents state
  none); no public report at all makes the bucket ``no_report``;
- **overdue** is computed, never typed: the measure's end year is before the year shown and
  its status for that year is not "done".

The SQL that reads the ranks from the reports lives on the public read side
(``public.board``); this module only knows the scale.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_DONE = "partial", _("Partially done")
    DONE = "done", _("Done")


# Least advanced first; a report without a status ranks after every stated one.
STATUS_RANK = {
    ImplementationStatus.NOT_STARTED: 1,
    ImplementationStatus.IN_PROGRESS: 2,
    ImplementationStatus.PARTIALLY_DONE: 3,
    ImplementationStatus.DONE: 4,
}
NOT_STATED_RANK = 9
DONE_RANK = STATUS_RANK[ImplementationStatus.DONE]


class BoardStatus(models.TextChoices):
    """What the board shows for a measure in a year: a reported status or why there is none."""

    NOT_STARTED = ImplementationStatus.NOT_STARTED.value, ImplementationStatus.NOT_STARTED.label
    IN_PROGRESS = ImplementationStatus.IN_PROGRESS.value, ImplementationStatus.IN_PROGRESS.label
    PARTIALLY_DONE = (
        ImplementationStatus.PARTIALLY_DONE.value,
        ImplementationStatus.PARTIALLY_DONE.label,
    )
    DONE = ImplementationStatus.DONE.value, ImplementationStatus.DONE.label
    NOT_STATED = "not_stated", _("Status not stated")
    NO_REPORT = "no_report", _("No published report")


OVERDUE = "overdue"
# The values the board's ``status`` filter accepts: a board status, or "overdue".
STATUS_FILTER_CHOICES = [*BoardStatus.choices, (OVERDUE, _("Overdue"))]
STATUS_BY_RANK = {rank: BoardStatus(status.value) for status, rank in STATUS_RANK.items()}
STATUS_BY_RANK[NOT_STATED_RANK] = BoardStatus.NOT_STATED


def rank_of(status: str) -> int:
    return STATUS_RANK.get(status, NOT_STATED_RANK)


def rank_case(field: str = "status") -> models.Case:
    """SQL for the rank of a report's ``field``, the twin of ``rank_of``."""
    whens = [models.When(**{field: s}, then=models.Value(r)) for s, r in STATUS_RANK.items()]
    return models.Case(*whens, default=models.Value(NOT_STATED_RANK))


def status_from_reports(statuses: list[str]) -> BoardStatus:
    """The measure's status from the statuses of one year's public reports (rule above)."""
    if not statuses:
        return BoardStatus.NO_REPORT
    return STATUS_BY_RANK[min(rank_of(status) for status in statuses)]


def measure_status(rank: int | None, end_year: int, year: int) -> tuple[str, bool]:
    """``(status, overdue)`` of a measure from its rank for ``year`` (None: no report)."""
    status = STATUS_BY_RANK[rank].value if rank else BoardStatus.NO_REPORT.value
    return status, end_year < year and rank != DONE_RANK


def bucket(status: str, overdue: bool) -> str:
    """The one bucket a measure is counted in: "overdue" wins over every status but done."""
    return OVERDUE if overdue else status


# Buckets in the order charts and status bars show them.
BUCKETS = [
    (BoardStatus.DONE.value, BoardStatus.DONE.label),
    (BoardStatus.PARTIALLY_DONE.value, BoardStatus.PARTIALLY_DONE.label),
    (BoardStatus.IN_PROGRESS.value, BoardStatus.IN_PROGRESS.label),
    (BoardStatus.NOT_STARTED.value, BoardStatus.NOT_STARTED.label),
    (OVERDUE, _("Overdue")),
    (BoardStatus.NOT_STATED.value, BoardStatus.NOT_STATED.label),
    (BoardStatus.NO_REPORT.value, BoardStatus.NO_REPORT.label),
]

# Buckets that say nothing about how far a measure got.
UNSTATED_BUCKETS = frozenset({BoardStatus.NOT_STATED.value, BoardStatus.NO_REPORT.value})


def says_something(buckets) -> bool:
    """Whether a set of measures' buckets tells a reader anything about progress: at least one
    measure has a stated status or is overdue. On the 2022 anti-corruption board every
    measure is "status not stated", and a chart of that is one grey bar."""
    return any(key not in UNSTATED_BUCKETS for key in buckets)
