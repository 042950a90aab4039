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

Sub-items (``plans.SubItem``, any depth, each counted once) roll up to their measure:

- a **sub-item's status** for a year is the least advanced status stated for it in the
  year's public reports (the reports' per-sub-item lines), like a measure's;
- the **roll-up**: every sub-item done → done; some sub-item done or partially done →
  partially done; some sub-item in progress → in progress; every stated sub-item not
  started → not started; no sub-item with a stated status → no roll-up;
- the measure's **status with its sub-items** is the less advanced of its own status (the
  rule above) and the roll-up: an agency that calls the measure "done" while a sub-item is
  "in progress" shows "in progress"; a measure whose reports state no status of their own
  takes the roll-up; a measure without reported sub-items keeps its own status.

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
    return status_of_rank(reports_rank(statuses))


def reports_rank(statuses: list[str]) -> int | None:
    """The rank of one year's public reports' statuses (None: no report)."""
    return min(rank_of(status) for status in statuses) if statuses else None


def status_of_rank(rank: int | None) -> BoardStatus:
    return STATUS_BY_RANK[rank] if rank else BoardStatus.NO_REPORT


def status_with_sub_items(
    statuses: list[str], sub_item_ids: list[int], lines: list[tuple[int, str]]
) -> BoardStatus:
    """The measure's status from one year's public reports' ``statuses`` and their lines
    ``(sub-item id, status)`` on its sub-items ``sub_item_ids`` (the whole rule above)."""
    by_item: dict[int, list[int]] = {}
    for sub_item_id, status in lines:
        by_item.setdefault(sub_item_id, []).append(rank_of(status))
    rolled = rolled_up_rank([sub_item_rank(by_item.get(pk, [])) for pk in sub_item_ids])
    return status_of_rank(combined_rank(reports_rank(statuses), rolled))


def sub_item_rank(line_ranks: list[int]) -> int | None:
    """A sub-item's rank from the ranks of its lines in the year's public reports (None: no
    line states a status)."""
    stated = [rank for rank in line_ranks if rank != NOT_STATED_RANK]
    return min(stated) if stated else None


def rolled_up_rank(sub_item_ranks: list[int | None]) -> int | None:
    """The roll-up of a measure's sub-items (one rank per sub-item, None: not stated)."""
    stated = [rank for rank in sub_item_ranks if rank is not None and rank != NOT_STATED_RANK]
    if not stated:
        return None
    if len(stated) == len(sub_item_ranks) and all(rank == DONE_RANK for rank in stated):
        return DONE_RANK
    if any(rank >= STATUS_RANK[ImplementationStatus.PARTIALLY_DONE] for rank in stated):
        return STATUS_RANK[ImplementationStatus.PARTIALLY_DONE]
    if any(rank >= STATUS_RANK[ImplementationStatus.IN_PROGRESS] for rank in stated):
        return STATUS_RANK[ImplementationStatus.IN_PROGRESS]
    return STATUS_RANK[ImplementationStatus.NOT_STARTED]


def combined_rank(own: int | None, rolled: int | None) -> int | None:
    """The measure's rank with its sub-items: the less advanced of its own (None: no public
    report) and the roll-up (None: no sub-item stated)."""
    if rolled is None:
        return own
    if own is None or own == NOT_STATED_RANK:
        return rolled
    return min(own, rolled)


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
