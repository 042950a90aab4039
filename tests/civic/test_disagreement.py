"""The disagreement rule, as a table: the agency says done, an organisation says limited or less."""

import pytest

from civic.disagreement import disagrees

DONE, PARTIAL, IN_PROGRESS = "done", "partial", "in_progress"


@pytest.mark.parametrize(
    ("agency_statuses", "completion", "flagged"),
    [
        ([DONE], "limited", True),
        ([DONE], "not_started", True),
        ([DONE], "no_evidence", True),
        ([DONE], "substantial", False),
        ([DONE], "complete", False),
        ([PARTIAL], "limited", False),
        ([IN_PROGRESS], "not_started", False),
        ([], "limited", False),
        ([""], "no_evidence", False),
        ([PARTIAL, DONE], "limited", True),
    ],
)
def test_civil_society_disagrees_when_the_agency_says_done_and_it_says_limited_or_less(
    agency_statuses, completion, flagged
):
    assert disagrees(agency_statuses, completion) is flagged
