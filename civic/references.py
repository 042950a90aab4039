"""What a plan item cited as written points to in the portal, decided at read time, so a
reference links itself as soon as its plan's table is imported (and unlinks if it is gone).

"4.1.3" is a measure of that number, else a sub-item of that number; "7" (no dot) is also a
section (priority) of that number. A reference to another body's plan stays as written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plans.models import Measure, Priority, SubItem

from .models import PlanReference


@dataclass(frozen=True)
class Resolved:
    reference: PlanReference
    measure: Measure | None = None
    sub_item: SubItem | None = None
    section: Priority | None = None

    @property
    def url(self) -> str:
        if self.measure is not None:
            return self.measure.get_absolute_url()
        if self.sub_item is not None:
            return f"{self.sub_item.measure.get_absolute_url()}#sub-item-{self.sub_item.number}"
        if self.section is not None:
            return f"{self.section.plan.get_absolute_url()}?priority={self.section.number}"
        return ""

    @property
    def is_resolved(self) -> bool:
        return bool(self.measure or self.sub_item or self.section)

    @property
    def label(self) -> str:
        return self.reference.number or self.reference.plan_as_written


def resolve(references: Iterable[PlanReference], measures=None) -> list[Resolved]:
    """Resolve references in three queries whatever their number. ``measures`` limits what
    may be linked (the public side passes its public measures)."""
    references = list(references)
    keys = {(r.plan_id, r.number) for r in references if r.plan_id and r.number}
    if not keys:
        return [Resolved(reference) for reference in references]
    plan_ids = {plan_id for plan_id, _ in keys}
    numbers = {number for _, number in keys}
    measure_rows = (measures if measures is not None else Measure.objects.all()).filter(
        plan_id__in=plan_ids, number__in=numbers
    )
    by_measure = {(m.plan_id, m.number): m for m in measure_rows.select_related("plan")}
    sub_items = SubItem.objects.filter(
        measure__in=measures if measures is not None else Measure.objects.all(),
        measure__plan_id__in=plan_ids,
        number__in=numbers,
    ).select_related("measure__plan")
    by_sub_item = {(s.measure.plan_id, s.number): s for s in sub_items}
    sections = {
        (p.plan_id, str(p.number)): p
        for p in Priority.objects.filter(
            plan_id__in=plan_ids, number__in=[int(n) for n in numbers if n.isdigit()]
        ).select_related("plan")
    }
    resolved = []
    for reference in references:
        key = (reference.plan_id, reference.number)
        resolved.append(
            Resolved(
                reference,
                measure=by_measure.get(key),
                sub_item=None if key in by_measure else by_sub_item.get(key),
                section=None if key in by_measure or key in by_sub_item else sections.get(key),
            )
        )
    return resolved
