"""Rebuild the search index of every measure (or of one plan) from its published text."""

from django.core.management.base import BaseCommand

from plans.models import Measure
from reports.search_index import reindex_measures
from reports.tasks import reindex_search


class Command(BaseCommand):
    help = "Rebuild Measure.search_text from titles, executors and published reports."

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="only the measures of the plan with this slug")
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the reindex for a worker and return"
        )

    def handle(self, *args, plan=None, enqueue=False, **options):
        if enqueue:
            result = reindex_search.enqueue(plan or "")
            self.stdout.write(f"Queued reindex task {result.id} ({result.status}).")
            return
        measures = Measure.objects.all()
        if plan:
            measures = measures.filter(plan__slug=plan)
        changed = reindex_measures(measures)
        self.stdout.write(f"{changed} of {measures.count()} measures reindexed.")
