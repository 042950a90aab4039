"""Executor cells → agencies and categories with their roles, through the agency registry.

Names that resolve to nothing are collected for the officer to map (``names``); they stay in
the executor text as written and are never dropped.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from agencies.models import AgencyCategory
from agencies.registry import AgencyResolver
from nap_portal.text import name_key

from ..models import Assignment

ROLES = tuple(Assignment.Role.values)  # main, co, recommended: the order the template shows


@dataclass(frozen=True)
class Named:
    """One executor: an agency or a category (``kind``), by primary key, with its name."""

    role: str
    kind: str  # "agency" or "category"
    pk: int
    name: str


@dataclass
class Resolved:
    executors: list[Named] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def signature(executors: list[Named]) -> tuple:
    """What a re-import compares: each role's executors in order (positions across roles do
    not matter)."""
    return tuple(tuple((e.kind, e.pk) for e in executors if e.role == role) for role in ROLES)


def shown(executors: list[Named]) -> str:
    labels = dict(Assignment.Role.choices)
    parts = []
    for role in ROLES:
        names = [e.name for e in executors if e.role == role]
        if names:
            parts.append(f"{labels[role]}: {', '.join(names)}")
    return "; ".join(parts) or _("none")


class ExecutorReader:
    def __init__(self) -> None:
        self.resolver = AgencyResolver(settings.FIXTURES_DIR / "agencies.toml")
        self.categories: dict[str, AgencyCategory] = {}
        for category in AgencyCategory.objects.all():
            for name in (category.name, category.name_en, category.name_ru):
                if name:
                    self.categories.setdefault(name_key(name), category)

    def read(self, executors_text: str, role_cells: dict[str, str] | None) -> Resolved:
        result = Resolved()
        if role_cells is None:
            self._parse(executors_text, "main", result)
        else:
            for role in ROLES:
                for line in (role_cells.get(role) or "").split("\n"):
                    if line.strip():
                        self._line(line.strip(), role, result)
        seen, unique = set(), []
        for executor in result.executors:
            if (executor.kind, executor.pk) not in seen:
                seen.add((executor.kind, executor.pk))
                unique.append(executor)
        result.executors = unique
        return result

    def _line(self, line: str, role: str, result: Resolved) -> None:
        key = name_key(line)
        agency = self.resolver.agencies.get(key)
        if agency is not None:
            result.executors.append(Named(role, "agency", agency.pk, agency.name))
            return
        category = self.categories.get(key)
        if category is not None:
            result.executors.append(Named(role, "category", category.pk, category.name))
            return
        self._parse(line, role, result)

    def _parse(self, text: str, role: str, result: Resolved) -> None:
        parsed = self.resolver.parse(text, role)
        for executor in parsed.executors:
            if executor.agency is not None:
                result.executors.append(
                    Named(executor.role, "agency", executor.agency.pk, executor.agency.name)
                )
            else:
                result.executors.append(
                    Named(executor.role, "category", executor.category.pk, executor.category.name)
                )
        result.unresolved.extend(name for name in parsed.unresolved if name)
