"""Amendments: the one rule for when a change to a plan must be recorded, and the recording.

A plan that is no longer a draft is a legal text in force: every change to it (a due date moved,
a measure reworded, an executor added by decree) is an ``Amendment`` with who, when, the legal
basis, the reason, and each field's value before and after. Drafts change freely.

Everything that edits plan content (the admin, the spreadsheet re-import) calls ``record`` with
the changes it made; the public amendment register and the measure page read ``Amendment`` rows.
"""

import datetime
from dataclasses import dataclass

from django.db import models

from operations.publication import bump

from .models import Amendment, Plan


@dataclass(frozen=True)
class LegalBasis:
    """Why a plan in force changed: the decree or order, its date, and the reason in words."""

    number: str = ""
    date: datetime.date | None = None
    reason: str = ""


def is_amendment(plan: Plan) -> bool:
    """A change to this plan must be recorded as an amendment (the plan is not a draft)."""
    return plan.status != Plan.Status.DRAFT


def shown(value) -> str:
    """A field value as the register shows it: text as it is, a related row by its name."""
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def field_changes(obj: models.Model, values: dict, *, label: str) -> list[dict]:
    """What setting ``values`` on ``obj`` would change, as register entries (before → after).

    ``label`` names the object for a reader ("measure 2.12", "sub-item 4.1.3").
    """
    changes = []
    for name, after in values.items():
        before = getattr(obj, name)
        if before != after:
            changes.append(
                {
                    "object": label,
                    "field": name,
                    "field_label": str(obj._meta.get_field(name).verbose_name),
                    "before": shown(before),
                    "after": shown(after),
                }
            )
    return changes


def change(label: str, field: str, field_label: str, before, after) -> dict:
    """One register entry for a change that is not a single model field (an executor list)."""
    return {
        "object": label,
        "field": field,
        "field_label": field_label,
        "before": shown(before),
        "after": shown(after),
    }


def record(
    plan: Plan,
    changes: list[dict],
    *,
    user,
    basis: LegalBasis,
    measure=None,
    sub_item=None,
) -> Amendment | None:
    """Record ``changes`` to ``plan`` as one amendment; nothing for a draft or no change."""
    if not changes or not is_amendment(plan):
        return None
    # A plan that is not a draft is public: its pages change with it.
    bump(f"plan amended: {plan.slug}")
    return Amendment.objects.create(
        plan=plan,
        measure=measure,
        sub_item=sub_item,
        changed_by=user if getattr(user, "is_authenticated", False) else None,
        legal_basis=basis.number,
        legal_basis_date=basis.date,
        reason=basis.reason,
        changes=changes,
    )
