"""The agency registry: canonical agencies with the spellings the documents use.

``fixtures/agencies.toml`` is the source; ``sync_registry`` loads it idempotently and
``AgencyResolver`` turns executor texts and "Agency:" prefixes into agencies and categories.
"""

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from nap_portal.text import KeyedText, name_key

from .models import Agency, AgencyAlias, AgencyCategory


@dataclass
class SyncResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], label: str) -> None:
        bucket[label] = bucket.get(label, 0) + 1


def read_registry(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _upsert(model, lookup: dict, values: dict, result: SyncResult, label: str):
    """Create or update one row, saving only when something changed (keeps imports idempotent)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        result.count(result.created, label)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        result.count(result.updated, label)
    return obj


@transaction.atomic
def sync_registry(path: Path) -> SyncResult:
    """Load categories, agencies and aliases from the registry file; safe to run again."""
    data = read_registry(path)
    result = SyncResult()
    categories = {}
    for entry in data.get("categories", []):
        categories[entry["code"]] = _upsert(
            AgencyCategory,
            {"code": entry["code"]},
            {
                "name": entry["name"],
                "name_en": entry.get("name_en", ""),
                "name_ru": entry.get("name_ru", ""),
                "is_state_body": entry.get("is_state_body", True),
                "order": entry["order"],
            },
            result,
            "agency categories",
        )
    agencies = {}
    for entry in data.get("agencies", []):
        agencies[entry["slug"]] = _upsert(
            Agency,
            {"slug": entry["slug"]},
            {
                "name": entry["name"],
                "short_name": entry.get("short_name", ""),
                "name_en": entry.get("name_en", ""),
                "category": categories[entry["category"]],
            },
            result,
            "agencies",
        )
    for entry in data.get("agencies", []):
        parent = agencies.get(entry.get("parent") or "")
        agency = agencies[entry["slug"]]
        if agency.parent_id != (parent.pk if parent else None):
            agency.parent = parent
            agency.save(update_fields=["parent"])
        seen = {agency.name_key}
        for alias in entry.get("aliases", []):
            if name_key(alias) in seen:
                continue  # a variant only in case, quotes or spacing: the key already matches it
            seen.add(name_key(alias))
            _upsert(
                AgencyAlias,
                {"alias_key": name_key(alias)},
                {"agency": agency, "alias": alias},
                result,
                "agency aliases",
            )
    return result


@dataclass
class Executor:
    """One executor named in a measure's executor text."""

    role: str
    text: str
    agency: Agency | None = None
    category: AgencyCategory | None = None


@dataclass
class ParsedExecutors:
    executors: list[Executor] = field(default_factory=list)
    general: list[str] = field(default_factory=list)  # vague phrases kept as text only
    unresolved: list[str] = field(default_factory=list)


# Role headings of the executor cells. "Təvsiyə" is the plan table's misspelling.
ROLE_MARKERS = {
    "icraçılar": "main",
    "icraçı": "main",
    "əsas icraçı": "main",
    "digər icraçılar": "co",
    "tövsiyə edilir": "recommended",
    "təvsiyə edilir": "recommended",
}
_MARKER = re.compile(
    r"(?:^|(?<=[\s,.;]))("
    + "|".join(sorted(map(re.escape, ROLE_MARKERS), key=len, reverse=True))
    + r")\s*:"
)
_SEPARATOR = re.compile(r"(?:[\s,;.]|\bvə\b)+")


class AgencyResolver:
    """Resolves names to agencies and executor phrases to agencies or categories."""

    def __init__(self, registry_path: Path) -> None:
        data = read_registry(registry_path)
        self.agencies: dict[str, Agency] = {}
        for agency in Agency.objects.select_related("category"):
            self.agencies[agency.name_key] = agency
        for alias in AgencyAlias.objects.select_related("agency__category"):
            self.agencies[alias.alias_key] = alias.agency
        categories = {category.code: category for category in AgencyCategory.objects.all()}
        self.phrases: dict[str, tuple[str, object]] = {}
        for entry in data.get("categories", []):
            for phrase in entry.get("phrases", []):
                self.phrases[name_key(phrase)] = ("categories", [categories[entry["code"]]])
        for entry in data.get("combined_phrases", []):
            self.phrases[name_key(entry["phrase"])] = (
                "categories",
                [categories[code] for code in entry["categories"]],
            )
        for phrase in data.get("general_phrases", {}).get("phrases", []):
            self.phrases[name_key(phrase)] = ("general", phrase)
        for key, agency in self.agencies.items():
            self.phrases.setdefault(key, ("agency", agency))
        # Longest first, so "mərkəzi və yerli icra hakimiyyəti orqanları" wins over its parts.
        self._keys = sorted(self.phrases, key=len, reverse=True)

    def agency(self, name: str) -> Agency | None:
        return self.agencies.get(name_key(name))

    def parse(self, text: str, default_role: str) -> ParsedExecutors:
        """Split an executor cell into executors with roles, in the order the text names them."""
        keyed = KeyedText(text)
        result = ParsedExecutors()
        role = default_role
        position = 0
        for marker in _MARKER.finditer(keyed.text):
            self._scan(keyed, position, marker.start(), role, result)
            role = ROLE_MARKERS[marker.group(1)]
            position = marker.end()
        self._scan(keyed, position, len(keyed.text), role, result)
        return result

    def _scan(self, keyed: KeyedText, start: int, end: int, role: str, result) -> None:
        folded = keyed.text
        position = start
        while position < end:
            gap = _SEPARATOR.match(folded, position, end)
            if gap:
                position = gap.end()
                continue
            key = next(
                (
                    key
                    for key in self._keys
                    if folded.startswith(key, position)
                    and position + len(key) <= end
                    and (position + len(key) == end or not folded[position + len(key)].isalnum())
                ),
                None,
            )
            if key is None:
                stop = folded.find(",", position, end)
                stop = end if stop == -1 else stop
                result.unresolved.append(keyed.slice(position, stop).strip(" .,;:"))
                position = stop
                continue
            kind, target = self.phrases[key]
            written = keyed.slice(position, position + len(key))
            if kind == "agency":
                result.executors.append(Executor(role=role, text=written, agency=target))
            elif kind == "categories":
                for category in target:
                    result.executors.append(Executor(role=role, text=written, category=category))
            else:
                result.general.append(written)
            position += len(key)
