"""Who may read or change civil-society records: the one place of these predicates.

- organisation members read and write their organisation's assessments; they change only
  drafts (a published one is "yours, but not editable now": 409);
- an agency's staff reply for their own agency only, to published assessments they can see;
- the secretariat reads everything, never edits an assessment, and may hide a published one.

"Missing" and "not yours" are the same answer (404).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from agencies.models import Agency
from plans.models import Assignment, Measure, SubItemAssignment
from reports.access import agency_ids_of, is_secretariat

from .models import Assessment, Organisation, Reply

__all__ = [
    "NotEditable",
    "executor_agencies",
    "get_assessment_for_member",
    "get_assessment_for_replier",
    "get_reply_for_member",
    "is_executor",
    "is_secretariat",
    "organisation_ids_of",
    "organisations_of",
]


class NotEditable(Exception):
    """The member's own assessment cannot be changed now (answered 409 with ``reason``)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def organisations_of(user) -> QuerySet[Organisation]:
    if not _active(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, is_active=True)


def organisation_ids_of(user) -> set[int]:
    if not _active(user):
        return set()
    cached = getattr(user, "_nap_organisation_ids", None)
    if cached is None:
        cached = set(organisations_of(user).values_list("pk", flat=True))
        user._nap_organisation_ids = cached
    return cached


def is_member(user, organisation_id: int | None) -> bool:
    return organisation_id is not None and organisation_id in organisation_ids_of(user)


def executor_agencies(measure: Measure, sub_item=None) -> QuerySet[Agency]:
    """The active agencies a measure (and its sub-item) names, by name or by category, in any
    role: they are told of an assessment and may reply to it."""
    assignments = Assignment.objects.filter(measure=measure)
    condition = Q(pk__in=assignments.filter(agency__isnull=False).values("agency_id")) | Q(
        category__in=assignments.filter(category__isnull=False).values("category_id")
    )
    if sub_item is not None:
        own = SubItemAssignment.objects.filter(sub_item=sub_item)
        condition |= Q(pk__in=own.filter(agency__isnull=False).values("agency_id")) | Q(
            category__in=own.filter(category__isnull=False).values("category_id")
        )
    return Agency.objects.active().filter(condition)


def is_executor(agency: Agency, assessment: Assessment) -> bool:
    return executor_agencies(assessment.measure, assessment.sub_item).filter(pk=agency.pk).exists()


def member_assessments(user) -> QuerySet[Assessment]:
    return Assessment.objects.filter(organisation_id__in=organisation_ids_of(user))


def get_assessment_for_member(user, pk) -> Assessment:
    """An assessment of one of the user's organisations, else 404."""
    try:
        return member_assessments(user).select_related("measure__plan", "organisation").get(pk=pk)
    except (Assessment.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def repliable_assessments(user) -> QuerySet[Assessment]:
    """Published, shown assessments of measures one of the user's agencies executes."""
    agency_ids = agency_ids_of(user)
    if not agency_ids:
        return Assessment.objects.none()
    agencies = Agency.objects.filter(pk__in=agency_ids)
    executed = Assignment.objects.filter(
        Q(agency__in=agencies) | Q(category__in=agencies.values("category_id"))
    ).values("measure_id")
    executed_sub = SubItemAssignment.objects.filter(
        Q(agency__in=agencies) | Q(category__in=agencies.values("category_id"))
    ).values("sub_item__measure_id")
    return Assessment.objects.published().filter(
        Q(measure__in=executed) | Q(measure__in=executed_sub), hidden_at__isnull=True
    )


def get_assessment_for_replier(user, pk) -> Assessment:
    """A published assessment of a measure one of the user's agencies executes, else 404."""
    try:
        return (
            repliable_assessments(user)
            .select_related("measure__plan", "organisation", "sub_item")
            .get(pk=pk)
        )
    except (Assessment.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def get_reply_for_member(user, pk) -> Reply:
    """A reply to an assessment of one of the user's organisations, else 404."""
    try:
        return Reply.objects.select_related("assessment__measure__plan", "agency").get(
            pk=pk, assessment__organisation_id__in=organisation_ids_of(user)
        )
    except (Reply.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None


def require_secretariat(user) -> None:
    if not is_secretariat(user):
        raise Http404
