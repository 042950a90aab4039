"""Background work of the plans: the search reindex, queued by `reindex_search --enqueue`."""

from django_tasks import task

from .models import Measure
from .search import reindex_measures


@task()
def reindex_search(plan: str = "") -> int:
    """Rebuild the search text of every measure (or of one plan's); returns how many changed."""
    measures = Measure.objects.all()
    if plan:
        measures = measures.filter(plan__slug=plan)
    return reindex_measures(measures)
