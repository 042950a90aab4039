from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reports.importers.seeds import import_seeds
from reports.tasks import import_seeds as import_seeds_task


class Command(BaseCommand):
    help = (
        "Load the real plans and reports from fixtures/ (agency registry, plan tables, "
        "consolidated and agency reports). Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures", type=Path, default=settings.FIXTURES_DIR, help="fixtures folder"
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the import for a worker and return"
        )

    def handle(self, *args, fixtures: Path, enqueue: bool = False, **options):
        if enqueue:
            result = import_seeds_task.enqueue(str(fixtures.resolve()))
            self.stdout.write(f"Queued import task {result.id} ({result.status}).")
            return
        reports = import_seeds(fixtures, progress=lambda message: self.stderr.write(message))
        warnings = 0
        for report in reports:
            for line in report.lines():
                style = self.style.WARNING if ("WARNING" in line or "UNRESOLVED" in line) else str
                self.stdout.write(style(line))
            warnings += len(report.warnings) + len(report.unresolved)
        self.stdout.write(self.style.SUCCESS(f"Done: {len(reports)} sources, {warnings} warnings."))
