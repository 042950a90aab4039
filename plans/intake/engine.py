"""The import engine: a template file compared with a plan in the database, row by row.

``PlanIntake(...).preview()`` says for every row whether it creates, changes (each field
before → after) or leaves unchanged an item, which items the file no longer has (removed),
every error at its row, and the executor names to map; it saves nothing. ``apply()`` does the
same comparison again inside one transaction and writes it, matching rows by code, else by
number, so a re-import updates in place. For a plan that is not a draft, every changed,
added or removed item is an amendment (``plans.amendments.record``) with the legal basis.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.db.models import Prefetch
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from operations.publication import bump

from .. import amendments
from ..amendments import LegalBasis
from ..models import (
    Assignment,
    DeadlineKind,
    Indicator,
    IndicatorTarget,
    Measure,
    Plan,
    Priority,
    SubItem,
    SubItemAssignment,
)
from .executors import ExecutorReader, Named, Resolved, shown, signature
from .reader import CellError, FileRefused, read_table
from .rows import MEASURE, PRIORITY, SUB_ITEM, IndicatorSpec, Item, parse_items

# IndicatorTarget's default ordering (through Indicator and SubItem) loops; order by year.
TARGETS = Prefetch("targets", queryset=IndicatorTarget.objects.order_by("year"))
CREATED, CHANGED, UNCHANGED, REMOVED = "created", "changed", "unchanged", "removed"
Progress = Callable[[str, int, int], None]


class NeedsBasis(Exception):
    """The plan is in force: its changes need a legal basis (decree number) to be recorded."""


class NotApplicable(Exception):
    """The file has errors (or the plan changed so that it now has): nothing was saved."""


@dataclass
class NewPlan:
    title: str
    slug: str
    start_year: int
    end_year: int
    title_en: str = ""


@dataclass
class Planned:
    """One row of the file against the database: what it becomes and what changes."""

    item: Item
    existing: object | None
    values: dict
    executors: Resolved
    action: str = UNCHANGED
    changes: list[dict] = field(default_factory=list)

    @property
    def label(self) -> str:
        return item_label(self.item.kind, self.item.number)


def item_label(kind: str, number) -> str:
    if kind == PRIORITY:
        return _("priority %(number)s") % {"number": number}
    if kind == MEASURE:
        return _("measure %(number)s") % {"number": number}
    return _("sub-item %(number)s") % {"number": number}


def _indicator_key(indicator: Indicator) -> tuple:
    return IndicatorSpec(
        text=indicator.text,
        text_en=indicator.text_en,
        text_ru=indicator.text_ru,
        unit=indicator.unit,
        baseline=indicator.baseline,
        baseline_year=indicator.baseline_year,
        targets=tuple((t.year, t.value) for t in indicator.targets.all()),
    ).key()


def _indicators_shown(specs: list[IndicatorSpec]) -> str:
    lines = []
    for spec in specs:
        extra = []
        if spec.unit:
            extra.append(spec.unit)
        if spec.baseline is not None:
            extra.append(_("baseline %(value)s") % {"value": spec.baseline.normalize()})
        if spec.targets:
            extra.append("; ".join(f"{year}: {value.normalize()}" for year, value in spec.targets))
        lines.append(spec.text + (f" ({', '.join(extra)})" if extra else ""))
    return "\n".join(lines)


def _existing_indicators(indicators: list[Indicator]) -> list[IndicatorSpec]:
    return [
        IndicatorSpec(
            text=i.text,
            text_en=i.text_en,
            text_ru=i.text_ru,
            unit=i.unit,
            baseline=i.baseline,
            baseline_year=i.baseline_year,
            targets=tuple((t.year, t.value) for t in i.targets.all()),
        )
        for i in indicators
    ]


class PlanIntake:
    """A template file read against ``plan`` (or a new plan): preview, then apply."""

    def __init__(
        self,
        *,
        name: str,
        data: bytes,
        plan: Plan | None = None,
        new_plan: NewPlan | None = None,
        progress: Progress | None = None,
    ) -> None:
        if (plan is None) == (new_plan is None):
            raise ValueError("give a plan or a new plan")
        self.name, self.data = name, data
        self.plan, self.new_plan = plan, new_plan
        self.progress = progress or (lambda stage, done, total: None)

    # -- reading ---------------------------------------------------------------------------

    @property
    def years(self) -> tuple[int, int]:
        if self.plan is not None:
            return self.plan.start_year, self.plan.end_year
        return self.new_plan.start_year, self.new_plan.end_year

    def _read(self) -> tuple[list[Item], list[CellError]]:
        self.progress("read", 0, 0)
        table = read_table(self.name, self.data)
        self.progress("read", len(table.rows), len(table.rows))
        return parse_items(table)

    def _compare(self) -> tuple[list[Planned], list[dict], list[CellError], dict]:
        items, errors = self._read()
        reader = ExecutorReader()
        existing = _Existing(self.plan)
        planned: list[Planned] = []
        unresolved: dict[str, list[int]] = {}
        total = len(items)
        for done, item in enumerate(items, start=1):
            resolved = (
                reader.read(item.executors_text, item.role_cells)
                if item.kind != PRIORITY
                else Resolved()
            )
            for name in resolved.unresolved:
                unresolved.setdefault(name, []).append(item.row)
            planned.append(self._plan_item(item, resolved, existing))
            if done % 200 == 0 or done == total:
                self.progress("compare", done, total)
        _check_codes(planned, errors)
        removed = existing.unmatched()
        for entry in removed:
            if entry["kind"] == MEASURE and entry.pop("reports", 0):
                errors.append(
                    CellError(
                        0,
                        "",
                        entry["number"],
                        _(
                            "Measure %(number)s is not in the file, but agencies have reported "
                            "on it: it cannot be removed. Keep its row."
                        )
                        % {"number": entry["number"]},
                    )
                )
            entry.pop("reports", None)
        return planned, removed, errors, unresolved

    def _plan_item(self, item: Item, resolved: Resolved, existing: "_Existing") -> Planned:
        obj = existing.match(item)
        values = self._values(item)
        planned = Planned(item=item, existing=obj, values=values, executors=resolved)
        if obj is None:
            planned.action = CREATED
            return planned
        for name, after in values.items():
            before = existing.value(obj, name)
            if before != after:
                planned.changes.append(
                    amendments.change(
                        planned.label, name, _field_label(item.kind, name), before, after
                    )
                )
        if item.kind != PRIORITY:
            before_exec = existing.executors(obj)
            if signature(before_exec) != signature(resolved.executors):
                planned.changes.append(
                    amendments.change(
                        planned.label,
                        "executors",
                        _("executors"),
                        shown(before_exec),
                        shown(resolved.executors),
                    )
                )
            before_ind = existing.indicators(obj)
            if [s.key() for s in before_ind] != [s.key() for s in item.indicators]:
                planned.changes.append(
                    amendments.change(
                        planned.label,
                        "indicators",
                        _("indicators"),
                        _indicators_shown(before_ind),
                        _indicators_shown(item.indicators),
                    )
                )
        planned.action = CHANGED if planned.changes else UNCHANGED
        return planned

    def _values(self, item: Item) -> dict:
        common = {
            "number": int(item.number) if item.kind == PRIORITY else item.number,
            "code": item.code,
            "title": item.title,
            "title_en": item.title_en,
            "title_ru": item.title_ru,
        }
        if item.kind == PRIORITY:
            return common
        deadline = item.deadline
        kind = deadline.kind
        start, end = deadline.start_year, deadline.end_year
        if item.start_year or item.end_year:
            start = item.start_year or item.end_year
            end = item.end_year or item.start_year
            if not item.deadline_text:
                kind = DeadlineKind.YEARS  # the years are stated in their own columns
        elif item.kind == MEASURE and start is None:
            start, end = self.years  # ongoing, annual or unknown: the plan's years
        values = {
            **common,
            "parent_number": item.parent,
            "executors_text": item.executors_text,
            "period_text": item.deadline_text,
            "start_year": start,
            "end_year": end,
            "deadline_kind": str(kind),
            "deadline_part": deadline.part,
        }
        if item.kind == MEASURE:
            values["indicator"] = "\n".join(spec.text for spec in item.indicators)
        return values

    # -- preview ---------------------------------------------------------------------------

    def preview(self) -> dict:
        """Every row with its action, changes and errors; nothing is saved. JSON-ready."""
        try:
            planned, removed, errors, unresolved = self._compare()
        except FileRefused as refused:
            return {
                "refused": refused.message,
                "rows": [],
                "errors": [],
                "removed": [],
                "unresolved": [],
                "summary": {},
            }
        by_row: dict[int, list[dict]] = {}
        for error in errors:
            by_row.setdefault(error.row, []).append(error.as_dict())
        unresolved_by_row: dict[int, list[str]] = {}
        for name, rows in unresolved.items():
            for row in rows:
                unresolved_by_row.setdefault(row, []).append(name)
        rows = []
        for entry in planned:
            item = entry.item
            rows.append(
                {
                    "row": item.row,
                    "kind": item.kind,
                    "depth": item.depth,
                    "number": item.number,
                    "code": item.code,
                    "title": item.title,
                    "action": entry.action,
                    "deadline": _deadline_shown(entry.values) if item.kind != PRIORITY else "",
                    "executors": shown(entry.executors.executors) if item.kind != PRIORITY else "",
                    "changes": [
                        {"field": c["field_label"], "before": c["before"], "after": c["after"]}
                        for c in entry.changes
                    ],
                    "unresolved": unresolved_by_row.get(item.row, []),
                    "errors": by_row.pop(item.row, []),
                }
            )
        placed_rows = {row["row"] for row in rows}
        loose = [e for row_errors in by_row.values() for e in row_errors]
        counts = {action: 0 for action in (CREATED, CHANGED, UNCHANGED)}
        for row in rows:
            counts[row["action"]] += 1
        return {
            "refused": "",
            "rows": rows,
            "errors": sorted(loose, key=lambda e: e["row"]),
            "removed": removed,
            "unresolved": [
                {"name": name, "rows": rows_} for name, rows_ in sorted(unresolved.items())
            ],
            "summary": {
                **counts,
                "removed": len(removed),
                "rows": len(placed_rows) + len({e["row"] for e in loose if e["row"]}),
                "errors": len(errors),
                "unresolved": len(unresolved),
                "amendment": bool(self.plan is not None and amendments.is_amendment(self.plan)),
            },
        }

    # -- apply -----------------------------------------------------------------------------

    def apply(self, *, user=None, basis: LegalBasis | None = None) -> dict:
        """Write the file to the plan in one transaction; returns the preview's summary."""
        basis = basis or LegalBasis()
        try:
            with transaction.atomic():
                summary = self._apply(user, basis)
                # Drafts are not public, but a plan in force (or made public later) is read
                # through the publication-keyed cache: never serve it stale.
                bump("plan imported from a spreadsheet")
                return summary
        except IntegrityError as error:
            raise NotApplicable(
                _("The file could not be saved: %(error)s. Nothing was saved.") % {"error": error}
            ) from error

    def _apply(self, user, basis: LegalBasis) -> dict:
        if self.plan is not None:
            self.plan = Plan.objects.select_for_update().get(pk=self.plan.pk)
        planned, removed, errors, unresolved = self._compare()
        if errors:
            raise NotApplicable(
                _("The file has %(count)s errors; nothing was saved.") % {"count": len(errors)}
            )
        changed = any(p.action != UNCHANGED for p in planned) or removed
        if self.plan is None:
            self.plan = Plan.objects.create(
                title=self.new_plan.title,
                title_en=self.new_plan.title_en,
                slug=self.new_plan.slug,
                start_year=self.new_plan.start_year,
                end_year=self.new_plan.end_year,
                status=Plan.Status.DRAFT,
            )
        elif changed and amendments.is_amendment(self.plan) and not basis.number.strip():
            raise NeedsBasis(
                _("The plan is in force: give the legal basis (decree or order number).")
            )
        writer = _Writer(self.plan, user, basis)
        order = sorted(planned, key=lambda p: p.item.depth)
        total = len(order)
        for done, entry in enumerate(order, start=1):
            writer.write(entry)
            if done % 200 == 0 or done == total:
                self.progress("save", done, total)
        writer.flush()
        writer.remove(removed)
        counts = {action: 0 for action in (CREATED, CHANGED, UNCHANGED)}
        for entry in planned:
            counts[entry.action] += 1
        return {
            **counts,
            "removed": len(removed),
            "rows": len(planned),
            "amendments": writer.amendments,
            "unresolved": len(unresolved),
            "plan": self.plan.slug,
        }


def _part_shown(kind: str, part: int | None) -> str:
    if not part:
        return ""
    if kind == DeadlineKind.QUARTER:
        return _("quarter %(roman)s") % {"roman": ("I", "II", "III", "IV")[part - 1]}
    if kind == DeadlineKind.MONTH:
        return str(MONTHS.get(part, part))
    if kind == DeadlineKind.SEASON:
        return [_("winter"), _("spring"), _("summer"), _("autumn")][part - 1]
    return str(part)


def _deadline_shown(values: dict) -> str:
    """What the portal read from a deadline: "Season of a year · autumn, 2022"."""
    labels = dict(DeadlineKind.choices)
    kind = str(labels.get(values["deadline_kind"], values["deadline_kind"]))
    start, end = values["start_year"], values["end_year"]
    years = "" if start is None else (f"{start}" if start == end else f"{start}–{end}")
    part = _part_shown(values["deadline_kind"], values.get("deadline_part"))
    return kind + (f" · {part}" if part else "") + (f", {years}" if years else "")


def _field_label(kind: str, name: str) -> str:
    if name == "parent_number":
        return _("belongs to")
    model = {PRIORITY: Priority, MEASURE: Measure, SUB_ITEM: SubItem}[kind]
    return str(model._meta.get_field(name).verbose_name)


def _check_codes(planned: list[Planned], errors: list[CellError]) -> None:
    seen: dict[str, int] = {}
    for entry in planned:
        code = entry.item.code
        if not code:
            continue
        if code in seen:
            errors.append(
                CellError(
                    entry.item.row,
                    "",
                    code,
                    _("Code %(code)s is already on row %(row)s.")
                    % {"code": code, "row": seen[code]},
                )
            )
        seen[code] = entry.item.row
    matched: dict[int, Planned] = {}
    for entry in planned:
        if entry.existing is None:
            continue
        key = id(entry.existing)
        if key in matched:
            errors.append(
                CellError(
                    entry.item.row,
                    "",
                    entry.item.number,
                    _("This row and row %(row)s both match the same item of the plan.")
                    % {"row": matched[key].item.row},
                )
            )
        matched[key] = entry


class _Existing:
    """The plan's items as they are, loaded in a fixed number of queries, and their matching."""

    def __init__(self, plan: Plan | None) -> None:
        self.priorities: list[Priority] = []
        self.measures: list[Measure] = []
        self.sub_items: list[SubItem] = []
        self.report_counts: dict[int, int] = {}
        self.matched: set[tuple[str, int]] = set()
        self.indicator_rows: dict[tuple[str, int], list[Indicator]] = {}
        if plan is None or plan.pk is None:
            return
        self.priorities = list(plan.priorities.all())
        self.measures = list(
            plan.measures.select_related("priority").prefetch_related(
                "assignments__agency", "assignments__category"
            )
        )
        self.sub_items = list(
            SubItem.objects.filter(measure__plan=plan)
            .select_related("measure", "parent")
            .prefetch_related("assignments__agency", "assignments__category")
        )
        for indicator in (
            Indicator.objects.filter(measure__plan=plan)
            .order_by("measure_id", "sub_item_id", "position")
            .prefetch_related(TARGETS)
        ):
            key = (
                ("sub_item", indicator.sub_item_id)
                if indicator.sub_item_id
                else (
                    "measure",
                    indicator.measure_id,
                )
            )
            self.indicator_rows.setdefault(key, []).append(indicator)
        # Reports cascade with their measure: a measure with reports is never removed.
        for measure in plan.measures.filter(reports__isnull=False).distinct():
            self.report_counts[measure.pk] = 1
        self.index = {
            PRIORITY: self._index(self.priorities),
            MEASURE: self._index(self.measures),
            SUB_ITEM: self._index(self.sub_items),
        }

    @staticmethod
    def _index(objects) -> dict:
        return {
            "code": {obj.code: obj for obj in objects if obj.code},
            "number": {str(obj.number): obj for obj in objects},
        }

    def match(self, item: Item):
        if not self.priorities and not self.measures:
            return None
        index = self.index[item.kind]
        obj = index["code"].get(item.code) if item.code else None
        if obj is None:
            obj = index["number"].get(item.number)
            if obj is not None and item.code and obj.code and obj.code != item.code:
                obj = None  # another item's number, under another code: a new item
        if obj is not None:
            self.matched.add((item.kind, obj.pk))
        return obj

    def value(self, obj, name: str):
        if name == "parent_number":
            if isinstance(obj, Measure):
                return str(obj.priority.number)
            return obj.parent.number if obj.parent_id else obj.measure.number
        return getattr(obj, name)

    def executors(self, obj) -> list[Named]:
        return [
            Named(
                a.role,
                "agency" if a.agency_id else "category",
                a.agency_id or a.category_id,
                (a.agency or a.category).name,
            )
            for a in obj.assignments.all()
        ]

    def indicators(self, obj) -> list[IndicatorSpec]:
        key = ("sub_item", obj.pk) if isinstance(obj, SubItem) else ("measure", obj.pk)
        return _existing_indicators(self.indicator_rows.get(key, []))

    def unmatched(self) -> list[dict]:
        removed = []
        for kind, objects in (
            (SUB_ITEM, self.sub_items),
            (MEASURE, self.measures),
            (PRIORITY, self.priorities),
        ):
            for obj in objects:
                if (kind, obj.pk) not in self.matched:
                    removed.append(
                        {
                            "kind": kind,
                            "pk": obj.pk,
                            "number": str(obj.number),
                            "title": obj.title,
                            "reports": self.report_counts.get(obj.pk, 0) if kind == MEASURE else 0,
                        }
                    )
        return removed


class _Writer:
    """Writes planned rows, parents first, and records amendments for a plan in force."""

    def __init__(self, plan: Plan, user, basis: LegalBasis) -> None:
        self.plan, self.user, self.basis = plan, user, basis
        self.priorities: dict[str, Priority] = {}
        self.measures: dict[str, Measure] = {}
        self.sub_items: dict[str, SubItem] = {}
        self.amendments = 0
        # New executors and indicators, inserted in batches by flush() (a 5,000-row plan
        # would otherwise take some 10,000 single inserts).
        self.new_assignments: dict[type, list] = {Assignment: [], SubItemAssignment: []}
        self.new_indicators: list[tuple[Indicator, tuple]] = []

    def _record(self, changes: list[dict], *, measure=None, sub_item=None) -> None:
        if amendments.record(
            self.plan, changes, user=self.user, basis=self.basis, measure=measure, sub_item=sub_item
        ):
            self.amendments += 1

    def write(self, entry: Planned) -> None:
        item, values = entry.item, dict(entry.values)
        parent_number = values.pop("parent_number", "")
        if item.kind == PRIORITY:
            obj = self._save(entry, Priority, values, plan=self.plan)
            self.priorities[item.number] = obj
            self._after(entry, obj)
            return
        if item.kind == MEASURE:
            priority = self.priorities[parent_number]
            obj = self._save(entry, Measure, values, plan=self.plan, priority=priority)
            self.measures[item.number] = obj
            measure, sub_item = obj, None
        else:
            parent = self.sub_items.get(parent_number)
            measure = parent.measure if parent else self.measures[parent_number]
            obj = self._save(entry, SubItem, values, measure=measure, parent=parent)
            self.sub_items[item.number] = obj
            sub_item = obj
        if entry.action == CREATED or any(c["field"] == "executors" for c in entry.changes):
            self._executors(obj, entry.executors.executors, entry.action == CREATED)
        if entry.action == CREATED or any(c["field"] == "indicators" for c in entry.changes):
            self._indicators(measure, sub_item, item.indicators, entry.action == CREATED)
        self._after(entry, obj)

    def _save(self, entry: Planned, model, values: dict, **parents):
        if entry.existing is None:
            obj = model(**parents, **values)
            obj.save()
            return obj
        obj = entry.existing
        dirty = [
            name for name, value in {**values, **parents}.items() if getattr(obj, name) != value
        ]
        if dirty:
            for name in dirty:
                setattr(obj, name, {**values, **parents}[name])
            obj.save(update_fields=dirty)
        return obj

    def _after(self, entry: Planned, obj) -> None:
        kwargs = {}
        if isinstance(obj, Measure):
            kwargs["measure"] = obj
        elif isinstance(obj, SubItem):
            kwargs = {"measure": obj.measure, "sub_item": obj}
        if entry.action == CREATED:
            changes = [amendments.change(entry.label, "created", _("added"), "", entry.item.title)]
            self._record(changes, **kwargs)
        elif entry.action == CHANGED:
            self._record(entry.changes, **kwargs)

    def _executors(self, obj, executors: list[Named], created: bool) -> None:
        model, owner = (
            (Assignment, "measure") if isinstance(obj, Measure) else (SubItemAssignment, "sub_item")
        )
        if not created:
            model.objects.filter(**{owner: obj}).delete()
        self.new_assignments[model].extend(
            model(**{owner: obj}, role=e.role, position=position, **{f"{e.kind}_id": e.pk})
            for position, e in enumerate(executors)
        )

    def _indicators(self, measure, sub_item, specs: list[IndicatorSpec], created: bool) -> None:
        if not created:
            Indicator.objects.filter(measure=measure, sub_item=sub_item).delete()
        for position, spec in enumerate(specs):
            indicator = Indicator(
                measure=measure,
                sub_item=sub_item,
                position=position,
                text=spec.text,
                text_en=spec.text_en,
                text_ru=spec.text_ru,
                unit=spec.unit,
                baseline=spec.baseline,
                baseline_year=spec.baseline_year,
            )
            self.new_indicators.append((indicator, spec.targets))

    def flush(self) -> None:
        """Insert the collected executors and indicators (with their targets) in batches."""
        for model, rows in self.new_assignments.items():
            model.objects.bulk_create(rows, batch_size=500)
            rows.clear()
        indicators = [indicator for indicator, _targets in self.new_indicators]
        if connection.features.can_return_rows_from_bulk_insert:
            Indicator.objects.bulk_create(indicators, batch_size=500)
        else:  # the targets need the indicators' ids
            for indicator in indicators:
                indicator.save()
        targets = []
        for indicator, pairs in self.new_indicators:
            targets.extend(IndicatorTarget(indicator=indicator, year=y, value=v) for y, v in pairs)
        IndicatorTarget.objects.bulk_create(targets, batch_size=500)
        self.new_indicators.clear()

    def remove(self, removed: list[dict]) -> None:
        models_ = {SUB_ITEM: SubItem, MEASURE: Measure, PRIORITY: Priority}
        for entry in removed:  # sub-items first, then measures, then priorities
            model = models_[entry["kind"]]
            obj = model.objects.filter(pk=entry["pk"]).first()
            if obj is None:
                continue  # went with its parent
            label = item_label(entry["kind"], entry["number"])
            changes = [amendments.change(label, "removed", _("removed"), entry["title"], "")]
            measure = obj.measure if isinstance(obj, SubItem) else None
            obj.delete()
            self._record(changes, measure=measure)
