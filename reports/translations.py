"""What lacks a translation: per plan and per kind of item, the texts without English or
Russian, each linked to the admin page where the secretariat adds it.

One query per kind of item whatever the plans' size (tests/reports/test_translations.py).
The Azerbaijani text is canonical (nap_portal.content_language); an item whose Azerbaijani
text is empty lacks nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db import models
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, AgencyCategory
from nap_portal.content_language import TRANSLATED
from nap_portal.text import az_sort_key
from plans.models import Indicator, Measure, Plan, Priority, SubItem

from .access import require_secretariat


@dataclass(frozen=True)
class Kind:
    """One kind of translated item: its model, the text field, and how a row names it."""

    model: type[models.Model]
    field: str
    label: str
    plan: str | None  # the lookup of the item's plan id; None for agencies and categories
    values: tuple[str, ...] = ()  # further columns to name the item by
    order: tuple[str, ...] = ("pk",)
    # Items without an admin page of their own are linked to their measure's.
    measure: str | None = None


PLAN_KINDS = (
    Kind(Plan, "title", _("Plan titles"), "pk", order=("-start_year", "pk")),
    Kind(Plan, "description", _("Plan descriptions"), "pk", order=("-start_year", "pk")),
    Kind(Priority, "title", _("Priorities"), "plan_id", ("number",), ("plan_id", "number")),
    Kind(Measure, "title", _("Measures"), "plan_id", ("number",), ("plan_id", "sort_key")),
    Kind(
        SubItem,
        "title",
        _("Sub-items"),
        "measure__plan_id",
        ("number",),
        ("measure__plan_id", "sort_key"),
        measure="measure_id",
    ),
    Kind(
        Indicator,
        "text",
        _("Indicators"),
        "measure__plan_id",
        ("measure__number",),
        ("measure__plan_id", "measure__sort_key", "position", "pk"),
        measure="measure_id",
    ),
)
REGISTRY_KINDS = (
    Kind(AgencyCategory, "name", _("Agency categories"), None, order=("order", "pk")),
    Kind(Agency, "name", _("Agencies"), None, order=("name", "pk")),
)
LANGUAGE_LABELS = {"en": _("English"), "ru": _("Russian")}


@dataclass
class Untranslated:
    """An item whose text lacks one or more translations."""

    label: str
    text: str
    missing: list[str]
    admin_url: str


@dataclass
class KindReport:
    kind: Kind
    total: int = 0
    missing: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TRANSLATED, 0))
    items: list[Untranslated] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.kind.label)

    @property
    def counts(self) -> list[int]:
        return [self.missing[language] for language in TRANSLATED]

    @property
    def slug(self) -> str:
        return f"{self.kind.model._meta.model_name}-{self.kind.field}"


def _admin_url(model: type[models.Model], pk) -> str:
    meta = model._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[pk])
    except NoReverseMatch:
        return ""


def _scan(kind: Kind) -> dict[int | None, KindReport]:
    """One query: every item of ``kind`` with its text and translations, by plan."""
    columns = [
        "pk",
        kind.field,
        *(f"{kind.field}_{language}" for language in TRANSLATED),
        *kind.values,
    ]
    if kind.plan and kind.plan != "pk":
        columns.append(kind.plan)
    if kind.measure:
        columns.append(kind.measure)
    registered = bool(_admin_url(kind.model, 0))
    reports: dict[int | None, KindReport] = {}
    for row in kind.model.objects.order_by(*kind.order).values(*columns):
        text = (row[kind.field] or "").strip()
        plan_id = row[kind.plan] if kind.plan else None
        report = reports.setdefault(plan_id, KindReport(kind))
        if not text:
            continue
        report.total += 1
        missing = [lang for lang in TRANSLATED if not (row[f"{kind.field}_{lang}"] or "").strip()]
        if not missing:
            continue
        for language in missing:
            report.missing[language] += 1
        if registered:
            url = _admin_url(kind.model, row["pk"])
        else:
            url = _admin_url(Measure, row[kind.measure]) if kind.measure else ""
        report.items.append(
            Untranslated(
                label=" ".join(str(row[name]) for name in kind.values),
                text=Truncator(text).words(16),
                missing=[str(LANGUAGE_LABELS[language]) for language in missing],
                admin_url=url,
            )
        )
    if kind.plan is None:
        for report in reports.values():
            report.items.sort(key=lambda item: az_sort_key(item.text))
    return reports


def missing_translations() -> tuple[list[tuple[Plan, list[KindReport]]], list[KindReport]]:
    """Per plan, a report per kind of item (plans, priorities, measures, sub-items,
    indicators); then the agency registry's (categories, agencies). Nine queries."""
    plans = list(Plan.objects.order_by("-start_year", "pk"))
    scans = [_scan(kind) for kind in PLAN_KINDS]
    by_plan = [
        (
            plan,
            [
                scan.get(plan.pk) or KindReport(kind)
                for kind, scan in zip(PLAN_KINDS, scans, strict=True)
            ],
        )
        for plan in plans
    ]
    registry = [_scan(kind).get(None) or KindReport(kind) for kind in REGISTRY_KINDS]
    return by_plan, registry


@login_required
def translations(request):
    """The secretariat's list of what lacks an English or Russian text; 404 for others."""
    require_secretariat(request.user)
    by_plan, registry = missing_translations()
    totals = defaultdict(int)
    for report in [r for _plan, reports in by_plan for r in reports] + registry:
        for language, count in report.missing.items():
            totals[language] += count
    return render(
        request,
        "reports/translations.html",
        {
            "by_plan": by_plan,
            "registry": registry,
            "languages": [LANGUAGE_LABELS[language] for language in TRANSLATED],
            "totals": [(LANGUAGE_LABELS[language], totals[language]) for language in TRANSLATED],
        },
    )
