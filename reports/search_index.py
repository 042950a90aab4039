"""The search index of measures (``Measure.search_text``): own text, executors and the text
of their *public* reports (``reports.visibility``), folded by ``plans.search.index_text``.

Rebuilt by the services whenever public text changes (publish, correct, publish a year) and
by the importers; ``python manage.py reindex_search`` rebuilds it all.
"""

from collections.abc import Callable

from django.db.models import QuerySet

from operations.publication import bump
from plans.models import Assignment, Measure
from plans.search import index_text

from .visibility import public_reports


def reindex_measures(
    measures: QuerySet, chunk: int = 500, progress: Callable[[int, int], None] | None = None
) -> int:
    """Rebuild the search index of ``measures`` in bulk; returns how many changed. Idempotent.

    Reads executors and public texts a chunk of measures at a time (three queries per chunk),
    so a plan of thousands of measures reindexes in seconds.
    """
    ids = list(measures.order_by().values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        parts: dict[int, list[str]] = {pk: [] for pk in part}
        for row in (
            Assignment.objects.filter(measure__in=part)
            .order_by("position")
            .values_list(
                "measure_id",
                "agency__name",
                "agency__short_name",
                "agency__name_en",
                "category__name",
                "category__name_en",
            )
        ):
            parts[row[0]].extend(value for value in row[1:] if value)
        for measure_id, text in (
            public_reports()
            .filter(measure__in=part)
            .order_by("period__year", "position", "pk")
            .values_list("measure_id", "works_done")
        ):
            parts[measure_id].append(text)
        updates = []
        for measure in Measure.objects.filter(pk__in=part).only(
            "number", "title", "indicator", "search_text"
        ):
            text = index_text(measure.number, measure.title, measure.indicator, *parts[measure.pk])
            if text != measure.search_text:
                measure.search_text = text
                updates.append(measure)
        Measure.objects.bulk_update(updates, ["search_text"], batch_size=500)
        changed += len(updates)
        if updates:
            bump("search index rebuilt")
        if progress:
            progress(min(start + chunk, len(ids)), len(ids))
    return changed
