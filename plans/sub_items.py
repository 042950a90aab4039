"""Sub-items in the order a reader follows them: each under its parent, to any depth."""

from collections import defaultdict
from collections.abc import Iterable

from .models import SubItem, measure_sort_key


def in_tree_order(items: Iterable[SubItem]) -> list[SubItem]:
    """``items`` (one measure's, or several measures') each after its parent, by number among
    siblings, with ``depth`` set (0 for a sub-item directly under its measure). A sub-item
    whose parent is not among ``items`` is shown at the top level."""
    items = list(items)
    present = {item.pk for item in items}
    children: dict[tuple[int, int | None], list[SubItem]] = defaultdict(list)
    for item in items:
        parent = item.parent_id if item.parent_id in present else None
        children[(item.measure_id, parent)].append(item)
    for siblings in children.values():
        siblings.sort(key=lambda item: measure_sort_key(item.number))
    ordered: list[SubItem] = []

    def walk(measure_id: int, parent: int | None, depth: int) -> None:
        for item in children.get((measure_id, parent), []):
            item.depth = depth
            ordered.append(item)
            walk(measure_id, item.pk, depth + 1)

    for measure_id in dict.fromkeys(item.measure_id for item in items):
        walk(measure_id, None, 0)
    return ordered
