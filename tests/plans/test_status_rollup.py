"""The one rule that rolls sub-item statuses up to their measure (plans.status)."""

import pytest

from plans.status import (
    NOT_STATED_RANK,
    STATUS_BY_RANK,
    BoardStatus,
    combined_rank,
    rank_of,
    rolled_up_rank,
    status_with_sub_items,
    sub_item_rank,
)

N, I, P, D = (rank_of(s) for s in ("not_started", "in_progress", "partial", "done"))  # noqa: E741
X = NOT_STATED_RANK


def _status(rank):
    return STATUS_BY_RANK[rank] if rank else None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ([], None),
        ([X], None),
        ([X, D], D),
        ([D, I], I),
        ([N, D, X], N),
    ],
)
def test_a_sub_items_status_is_the_least_advanced_line_stated(lines, expected):
    assert sub_item_rank(lines) == expected


@pytest.mark.parametrize(
    ("sub_items", "expected"),
    [
        ([D, D, D], BoardStatus.DONE),
        ([D, D, None], BoardStatus.PARTIALLY_DONE),  # one not reported: not all done
        ([D, N, N], BoardStatus.PARTIALLY_DONE),
        ([P, I], BoardStatus.PARTIALLY_DONE),
        ([I, N, None], BoardStatus.IN_PROGRESS),
        ([N, N], BoardStatus.NOT_STARTED),
        ([N, None], BoardStatus.NOT_STARTED),
        ([None, None], None),
        ([X, None], None),
        ([], None),
    ],
)
def test_sub_items_roll_up_by_one_rule(sub_items, expected):
    assert _status(rolled_up_rank(sub_items)) == expected


@pytest.mark.parametrize(
    ("own", "rolled", "expected"),
    [
        (None, None, None),  # no public report, nothing rolled up
        (D, None, BoardStatus.DONE),  # no sub-item reported: the measure's own status
        (X, None, BoardStatus.NOT_STATED),
        (None, I, BoardStatus.IN_PROGRESS),  # the roll-up alone
        (X, D, BoardStatus.DONE),  # reports state no status of their own: the roll-up
        (D, I, BoardStatus.IN_PROGRESS),  # "done" while a sub-item is in progress
        (N, D, BoardStatus.NOT_STARTED),  # the less advanced of the two
        (P, P, BoardStatus.PARTIALLY_DONE),
    ],
)
def test_the_measures_own_status_and_the_roll_up_combine_to_the_less_advanced(
    own, rolled, expected
):
    assert _status(combined_rank(own, rolled)) == expected


def test_a_years_status_with_sub_items_applies_the_whole_rule():
    assert status_with_sub_items([], [1, 2], []) == BoardStatus.NO_REPORT
    assert status_with_sub_items(["done"], [1, 2], [(1, "done")]) == BoardStatus.PARTIALLY_DONE
    both = [(1, "done"), (2, "done"), (2, "")]
    assert status_with_sub_items([""], [1, 2], both) == BoardStatus.DONE
    assert status_with_sub_items(["done"], [1, 2], [(1, "done"), (2, "in_progress")]) == (
        BoardStatus.PARTIALLY_DONE
    )
    assert status_with_sub_items(["in_progress"], [], []) == BoardStatus.IN_PROGRESS
