"""Documents built once: when a stored document is current, and who asks for rebuilds.

A stored document (``StoredDocument``: a final year's consolidated report, an agency's report,
a plan's open-data dump) is *current* while the public data it was built from has not changed:
its ``state`` is the ``publication_state`` of what it shows. The services that change public
data (publish a report or a year, correct a report, sign an agency's report) call
``rebuild_after_commit``; the public side renders documents, and the setting
``DOCUMENT_REBUILDERS`` names (by dotted path) the functions that queue the builds, so this layer
never imports the one above it.
"""

import hashlib
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.utils.module_loading import import_string

from operations.publication import version as publication_version
from plans.models import Amendment, Plan

from .models import ReportingPeriod
from .visibility import public_reports, public_signatures

#: ``rebuild(period_id, agency_ids)``: ``agency_ids`` None means every agency of the period.
Rebuilder = Callable[[int, list[int] | None], None]
# A computed state is reused this long; a publication through the services makes a new one at
# once (``rebuild_after_commit`` moves the plan's generation), anything else (an amendment, an
# import) is seen within this time.
STATE_SECONDS = 60


def rebuilders() -> list[Rebuilder]:
    """The functions ``settings.DOCUMENT_REBUILDERS`` names (dotted paths)."""
    return [import_string(path) for path in settings.DOCUMENT_REBUILDERS]


def rebuild_after_commit(period: ReportingPeriod, *, agency_ids: Iterable[int] | None = None):
    """Once the transaction commits, queue rebuilds of the period's stored documents (and its
    plan's dump): those whose public data changed are built again, the others kept."""
    period_id = period.pk
    agencies = None if agency_ids is None else sorted(set(agency_ids))

    plan_id = period.plan_id

    def rebuild() -> None:
        _next_generation(plan_id)
        for rebuilder in rebuilders():
            rebuilder(period_id, agencies)

    transaction.on_commit(rebuild)


def publication_state(
    plan: Plan, *, period: ReportingPeriod | None = None, agency_id: int | None = None
) -> str:
    """A fingerprint of the public data a document shows: its public reports (how many, last
    change), the plan's amendments and, for an agency's report, its signature: two queries,
    three for an agency's report; then kept in the cache for ``STATE_SECONDS``."""
    generation = cache.get(_generation_key(plan.pk), 0)
    # The publication counter (operations.publication): an amendment or a civil-society
    # publication changes what the public sees without passing through the report services.
    scope = f"{period.pk if period else '-'}:{agency_id}"
    key = f"documents:state:{plan.pk}:{generation}:{publication_version()}:{scope}"
    state = cache.get(key)
    if state is None:
        state = _publication_state(plan, period, agency_id)
        cache.set(key, state, STATE_SECONDS)
    return state


def _generation_key(plan_id: int) -> str:
    return f"documents:generation:{plan_id}"


def _next_generation(plan_id: int) -> None:
    key = _generation_key(plan_id)
    if not cache.add(key, 1, None):
        try:
            cache.incr(key)
        except ValueError:  # evicted between the two calls
            cache.set(key, 1, None)


def _publication_state(plan: Plan, period: ReportingPeriod | None, agency_id: int | None) -> str:
    reports = public_reports().filter(measure__plan=plan)
    if period is not None:
        reports = reports.filter(period=period)
    if agency_id is not None:
        reports = reports.filter(agency_id=agency_id)
    figures = reports.aggregate(count=Count("id"), last=Max("updated_at"))
    parts = [
        plan.status,
        figures["count"],
        figures["last"],
        Amendment.objects.filter(plan=plan).aggregate(last=Max("changed_at"))["last"],
    ]
    if period is not None:
        parts.append(period.is_final)
        if agency_id is not None:
            signature = (
                public_signatures()
                .filter(period=period, agency_id=agency_id)
                .values_list("updated_at", flat=True)
                .first()
            )
            parts.append(signature)
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
