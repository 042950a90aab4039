"""Writes to a plan's content: one edit applied and, when the plan is in force, recorded.

The admin (and anything else that edits a plan object with everything shown with it) calls
``amend``: it takes the object's picture before (``snapshot``: its fields, executors by role,
indicators with their targets), applies the edit, takes the picture after, and records the
difference as one amendment through ``plans.amendments.record``.
"""

from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from . import amendments
from .amendments import LegalBasis
from .models import (
    Amendment,
    Assignment,
    Indicator,
    IndicatorTarget,
    Measure,
    Plan,
    Priority,
    SubItem,
)

# The fields of each kind of object that the register names when they change.
FIELDS = {
    Plan: [
        "title",
        "title_en",
        "title_ru",
        "slug",
        "start_year",
        "end_year",
        "description",
        "description_en",
        "description_ru",
        "adopting_act",
        "status",
    ],
    Priority: ["number", "code", "title", "title_en", "title_ru"],
    Measure: [
        "priority",
        "number",
        "code",
        "title",
        "title_en",
        "title_ru",
        "indicator",
        "executors_text",
        "period_text",
        "start_year",
        "end_year",
        "deadline_kind",
        "deadline_part",
    ],
    SubItem: [
        "parent",
        "number",
        "code",
        "title",
        "title_en",
        "title_ru",
        "executors_text",
        "period_text",
        "start_year",
        "end_year",
        "deadline_kind",
        "deadline_part",
    ],
}
EXECUTORS = "executors"
INDICATORS = "indicators"
PRIORITIES = "priorities"

Target = Plan | Priority | Measure | SubItem


def plan_of(target: Target) -> Plan:
    if isinstance(target, Plan):
        return target
    if isinstance(target, SubItem):
        return target.measure.plan
    return target.plan


def label_of(target: Target) -> str:
    """The object as the register names it: "measure 2.12", "sub-item 4.1.3"."""
    if isinstance(target, Plan):
        return _("the plan")
    if isinstance(target, Priority):
        return _("priority %(number)s") % {"number": target.number}
    if isinstance(target, Measure):
        return _("measure %(number)s") % {"number": target.number}
    return _("sub-item %(number)s") % {"number": target.number}


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _value(obj: models.Model, name: str) -> str:
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if field.choices and value is not None:
        return str(dict(field.flatchoices).get(value, value))
    return amendments.shown(value)


def executors_shown(assignments) -> str:
    """An executor list as the register shows it: each role with its bodies, in plan order."""
    by_role: dict[str, list[str]] = {role: [] for role in Assignment.Role.values}
    for assignment in sorted(assignments, key=lambda a: (a.position, a.pk or 0)):
        by_role[assignment.role].append(str(assignment.executor))
    return "\n".join(
        f"{Assignment.Role(role).label}: {', '.join(names)}"
        for role, names in by_role.items()
        if names
    )


def indicators_shown(indicators) -> str:
    lines = []
    for indicator in sorted(indicators, key=lambda i: (i.position, i.pk or 0)):
        parts = [indicator.text]
        if indicator.unit:
            parts.append(f"[{indicator.unit}]")
        if indicator.baseline is not None:
            parts.append(
                _("baseline %(value)s (%(year)s)")
                % {"value": _number(indicator.baseline), "year": indicator.baseline_year or "—"}
            )
        targets = ", ".join(f"{t.year}: {_number(t.value)}" for t in indicator.targets.all())
        if targets:
            parts.append(_("targets %(targets)s") % {"targets": targets})
        lines.append(" ".join(parts))
    return "\n".join(lines)


def snapshot(target: Target) -> dict[str, tuple[str, str]]:
    """Everything the register compares for ``target``, as stored: field → (label, value)."""
    shown = {
        name: (str(target._meta.get_field(name).verbose_name), _value(target, name))
        for name in FIELDS[type(target)]
    }
    if isinstance(target, Plan):
        shown[PRIORITIES] = (
            _("priorities"),
            "\n".join(f"{p.number}. {p.title}" for p in target.priorities.order_by("number")),
        )
    if isinstance(target, Measure | SubItem):
        assignments = target.assignments.select_related("agency", "category")
        shown[EXECUTORS] = (_("executors"), executors_shown(assignments))
        indicators = Indicator.objects.order_by("position", "pk").prefetch_related(
            models.Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
        )
        if isinstance(target, Measure):
            indicators = indicators.filter(measure=target, sub_item__isnull=True)
        else:
            indicators = indicators.filter(sub_item=target)
        shown[INDICATORS] = (_("indicators"), indicators_shown(indicators))
    return shown


def differences(label: str, before: dict, after: dict) -> list[dict]:
    return [
        amendments.change(label, name, after[name][0], before[name][1], after[name][1])
        for name in after
        if name in before and before[name][1] != after[name][1]
    ]


def basis_missing(basis: LegalBasis) -> dict[str, str]:
    """What an amendment's legal basis lacks, by field: the decree number, date and reason."""
    missing = {}
    if not basis.number.strip():
        missing["number"] = _("Enter the number of the decree or order that makes this change.")
    if basis.date is None:
        missing["date"] = _("Enter the date of the decree or order.")
    if not basis.reason.strip():
        missing["reason"] = _("Say why the plan changes.")
    return missing


def _reload(target: Target) -> Target:
    return type(target).objects.get(pk=target.pk)


@transaction.atomic
def amend(
    *,
    plan: Plan,
    before: Target | None,
    user,
    basis: LegalBasis,
    apply: Callable[[], Target],
) -> Amendment | None:
    """Apply one edit of a plan's content and record it when the plan is in force.

    ``plan`` and ``before`` are as stored before the edit (``before`` is None when the edit
    creates the object); ``apply`` saves the edit and returns the object it changed. The
    amendment lists each field, executor list and indicator list that differs afterwards.
    A plan in force changes only on a legal basis with a reason (ValidationError otherwise).
    """
    in_force = amendments.is_amendment(plan)
    old = snapshot(before) if in_force and before is not None else None
    label = label_of(before) if before is not None else ""
    target = apply()
    if not in_force:
        return None
    target = _reload(target)
    if old is None:
        changes = [amendments.change(label_of(target), "added", _("added"), "", str(target))]
    else:
        changes = differences(label, old, snapshot(target))
    if not changes:
        return None
    missing = basis_missing(basis)
    if missing:
        raise ValidationError(list(missing.values()))
    measure = target if isinstance(target, Measure) else getattr(target, "measure", None)
    return amendments.record(
        plan,
        changes,
        user=user,
        basis=basis,
        measure=measure,
        sub_item=target if isinstance(target, SubItem) else None,
    )
