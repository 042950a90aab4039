"""When civil society disagrees with the government's account: the one place of that rule.

A measure is flagged for a year when an agency's public report for that year says **done**
and a published, shown civil-society assessment of the same year rates its completion
**limited or less** (limited, not started, no evidence). ``disagrees`` is the rule for loaded
values (the measure page, exports); ``disagreeing_measure_ids`` its SQL twin (the board's
"civil society disagrees" filter, the API).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, QuerySet

from plans.status import ImplementationStatus
from reports.visibility import public_reports

from .models import Assessment, CompletionLevel

LOW_COMPLETION = frozenset(
    {CompletionLevel.LIMITED, CompletionLevel.NOT_STARTED, CompletionLevel.NO_EVIDENCE}
)


def disagrees(agency_statuses: Iterable[str], completion: str) -> bool:
    """An agency says done, and the organisation says limited or less."""
    return completion in LOW_COMPLETION and ImplementationStatus.DONE in set(agency_statuses)


def shown_assessments() -> QuerySet[Assessment]:
    """Assessments the public sees: published and not hidden (a hidden one shows its reason)."""
    return Assessment.objects.published().filter(hidden_at__isnull=True)


def disagreeing_measure_ids() -> QuerySet:
    """Ids of measures flagged in some year, as a subquery."""
    done_years = public_reports().filter(
        measure=OuterRef("measure_id"), status=ImplementationStatus.DONE
    )
    return (
        shown_assessments()
        .filter(completion__in=LOW_COMPLETION, year__in=done_years.values("period__year"))
        .values("measure_id")
    )
