from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from plans.intake.export import export_plan
from plans.models import Plan


class Command(BaseCommand):
    help = "Write a plan to the import template (XLSX or CSV, by the file's extension)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", required=True, help="the plan's slug")
        parser.add_argument("file", type=Path)

    def handle(self, *args, plan: str, file: Path, **options):
        found = Plan.objects.filter(slug=plan).first()
        if found is None:
            raise CommandError(f"no plan {plan!r}")
        fmt = file.suffix.lower().lstrip(".")
        if fmt not in ("xlsx", "csv"):
            raise CommandError("the file's name ends in .xlsx or .csv")
        bar = tqdm(total=found.measures.count(), desc="export", file=self.stderr._out, leave=False)

        def progress(done: int, total: int) -> None:
            bar.n = done
            bar.refresh()

        _, _, content = export_plan(found, fmt, progress)
        bar.close()
        file.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {file} ({len(content):,} bytes)."))
