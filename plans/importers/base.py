"""What every importer shares: the import report, and upserts that keep re-imports idempotent."""

from collections import Counter
from dataclasses import dataclass, field

from django.db import models

from agencies.registry import AgencyResolver, Executor

from ..models import Assignment, Indicator, Measure, Plan, Priority


@dataclass
class ImportReport:
    """What an import created and changed, and everything it could not place."""

    source: str
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    general: Counter = field(default_factory=Counter)

    def warn(self, where: str, message: str) -> None:
        self.warnings.append(f"{self.source}:{where}: {message}")

    def lines(self) -> list[str]:
        """The report as printable lines."""
        out = [f"{self.source}:"]
        for label, count in sorted(self.created.items()):
            out.append(f"  created {count} {label}")
        for label, count in sorted(self.updated.items()):
            out.append(f"  updated {count} {label}")
        if not self.created and not self.updated:
            out.append("  nothing changed")
        for phrase, count in sorted(self.general.items()):
            out.append(f"  general phrase kept as text only ({count}×): {phrase}")
        for name in self.unresolved:
            out.append(f"  UNRESOLVED executor: {name}")
        for warning in self.warnings:
            out.append(f"  WARNING {warning}")
        return out


def upsert(model: type[models.Model], lookup: dict, values: dict, report: ImportReport):
    """Create or update one row, saving only what changed, so a second run changes nothing."""
    obj = model.objects.filter(**lookup).first()
    label = str(model._meta.verbose_name_plural)
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        report.created[label] += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        report.updated[label] += 1
    return obj


def save_plan(*, slug: str, title: str, start_year: int, end_year: int, report, **extra) -> Plan:
    return upsert(
        Plan,
        {"slug": slug},
        {"title": title, "start_year": start_year, "end_year": end_year, **extra},
        report,
    )


def save_priority(*, plan: Plan, number: int, title: str, report: ImportReport) -> Priority:
    return upsert(Priority, {"plan": plan, "number": number}, {"title": title}, report)


def save_measure(*, plan: Plan, number: str, report: ImportReport, **values) -> Measure:
    measure = upsert(Measure, {"plan": plan, "number": number}, values, report)
    if "indicator" in values:
        sync_cell_indicator(measure, report)
    return measure


def sync_cell_indicator(measure: Measure, report: ImportReport) -> None:
    """The seed tables have one indicator cell per measure: keep one Indicator row with its text."""
    label = str(Indicator._meta.verbose_name_plural)
    own = list(measure.indicators.filter(sub_item=None))
    if not measure.indicator:
        if own:
            measure.indicators.filter(sub_item=None).delete()
            report.updated[label] += 1
        return
    if len(own) == 1 and own[0].text == measure.indicator:
        return
    measure.indicators.filter(sub_item=None).delete()
    Indicator.objects.create(measure=measure, position=0, text=measure.indicator)
    report.created[label] += 1


def resolve_executors(
    resolver: AgencyResolver, cells: list[tuple[str, str]], where: str, report: ImportReport
) -> list[Executor]:
    """Parse executor cells ``(text, default_role)`` and report what names no agency."""
    executors: list[Executor] = []
    for text, default_role in cells:
        parsed = resolver.parse(text, default_role)
        executors.extend(parsed.executors)
        report.general.update(" ".join(phrase.split()) for phrase in parsed.general)
        for name in parsed.unresolved:
            report.unresolved.append(f"{where}: {name!r}")
    return executors


def sync_assignments(measure: Measure, executors: list[Executor], report: ImportReport) -> None:
    """Make the measure's assignments exactly ``executors``; rows that already match stay."""
    wanted: dict[tuple, tuple[str, int]] = {}
    for position, executor in enumerate(executors):
        target = (
            ("agency", executor.agency.pk)
            if executor.agency
            else (
                "category",
                executor.category.pk,
            )
        )
        if target in wanted:
            report.warn(measure.number, f"{executor.text!r} is named twice; the first role is kept")
            continue
        wanted[target] = (executor.role, position)
    label = str(Assignment._meta.verbose_name_plural)
    for assignment in list(measure.assignments.all()):
        target = (
            ("agency", assignment.agency_id)
            if assignment.agency_id
            else (
                "category",
                assignment.category_id,
            )
        )
        if target not in wanted:
            assignment.delete()
            report.updated[label] += 1
            continue
        role, position = wanted.pop(target)
        if (assignment.role, assignment.position) != (role, position):
            assignment.role, assignment.position = role, position
            assignment.save(update_fields=["role", "position"])
            report.updated[label] += 1
    for (kind, pk), (role, position) in wanted.items():
        Assignment.objects.create(
            measure=measure, role=role, position=position, **{f"{kind}_id": pk}
        )
        report.created[label] += 1
