from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify
from tqdm import tqdm

from plans.amendments import LegalBasis
from plans.intake.engine import NeedsBasis, NewPlan, NotApplicable, PlanIntake
from plans.intake.reader import FileRefused, check_size
from plans.models import Plan
from reports.plan_intake import apply_plan_file


class Command(BaseCommand):
    help = (
        "Import a plan from the template (XLSX or CSV): prints the preview (created, changed, "
        "unchanged, removed, errors, names to map), then saves unless --dry-run."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--plan", required=True, help="the plan's slug")
        parser.add_argument("--dry-run", action="store_true", help="preview only, save nothing")
        parser.add_argument("--create", action="store_true", help="create the plan (a draft)")
        parser.add_argument("--title", default="", help="the new plan's title (with --create)")
        parser.add_argument("--years", default="", help="the new plan's years, e.g. 2022-2026")
        parser.add_argument("--basis", default="", help="legal basis: decree or order number")
        parser.add_argument("--basis-date", default="", help="its date, YYYY-MM-DD")
        parser.add_argument("--reason", default="", help="why the plan changes")
        parser.add_argument("--verbose-rows", action="store_true", help="print every row")

    def handle(self, *args, file: Path, plan: str, dry_run: bool, create: bool, **options):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        try:
            check_size(file.stat().st_size)
        except FileRefused as refused:
            raise CommandError(refused.message) from refused
        intake = self._intake(file, plan, create, options)
        bar = _Progress(self.stderr)
        intake.progress = bar
        preview = intake.preview()
        bar.close()
        if preview["refused"]:
            raise CommandError(preview["refused"])
        self._print(preview, options["verbose_rows"])
        if preview["summary"]["errors"]:
            raise CommandError(f"{preview['summary']['errors']} errors: nothing saved.")
        if dry_run:
            self.stdout.write("Dry run: nothing saved.")
            return
        basis = LegalBasis(
            number=options["basis"],
            date=date.fromisoformat(options["basis_date"]) if options["basis_date"] else None,
            reason=options["reason"],
        )
        bar = _Progress(self.stderr)
        intake.progress = bar
        try:
            summary = apply_plan_file(intake=intake, basis=basis)
        except NeedsBasis as error:
            raise CommandError(f"{error} (--basis, --basis-date, --reason)") from error
        except NotApplicable as error:
            raise CommandError(str(error)) from error
        finally:
            bar.close()
        self.stdout.write(
            self.style.SUCCESS(
                f"Saved plan {summary['plan']}: {summary['created']} created, "
                f"{summary['changed']} changed, {summary['unchanged']} unchanged, "
                f"{summary['removed']} removed, {summary['amendments']} amendments recorded."
            )
        )

    def _intake(self, file: Path, slug: str, create: bool, options) -> PlanIntake:
        data = file.read_bytes()
        existing = Plan.objects.filter(slug=slug).first()
        if not create:
            if existing is None:
                raise CommandError(f"no plan {slug!r}; use --create --title ... --years ...")
            return PlanIntake(name=file.name, data=data, plan=existing)
        if existing is not None:
            raise CommandError(f"plan {slug!r} exists already; leave out --create")
        try:
            start, end = (int(part) for part in options["years"].split("-"))
        except ValueError as error:
            raise CommandError("--years: write the plan's years as 2022-2026") from error
        if not options["title"] or slugify(slug) != slug or start > end:
            raise CommandError(
                "--create needs --title, a slug of letters, digits and dashes, "
                "and --years first-last"
            )
        new = NewPlan(title=options["title"], slug=slug, start_year=start, end_year=end)
        return PlanIntake(name=file.name, data=data, new_plan=new)

    def _print(self, preview: dict, verbose: bool) -> None:
        s = preview["summary"]
        self.stdout.write(
            f"{s['rows']} rows: {s['created']} created, {s['changed']} changed, "
            f"{s['unchanged']} unchanged; {s['removed']} removed; {s['errors']} errors; "
            f"{s['unresolved']} executor names to map."
        )
        for row in preview["rows"]:
            if verbose or row["action"] == "changed" or row["errors"]:
                self.stdout.write(f"  row {row['row']} {row['number']}: {row['action']}")
                for change in row["changes"]:
                    self.stdout.write(
                        f"      {change['field']}: {change['before']!r} → {change['after']!r}"
                    )
            for error in row["errors"]:
                self.stdout.write(self.style.ERROR(_error_line(error)))
        for error in preview["errors"]:
            self.stdout.write(self.style.ERROR(_error_line(error)))
        for entry in preview["removed"]:
            self.stdout.write(f"  removed {entry['kind']} {entry['number']}: {entry['title'][:80]}")
        for entry in preview["unresolved"]:
            rows = ", ".join(str(row) for row in entry["rows"][:10])
            self.stdout.write(
                self.style.WARNING(f"  map this name: {entry['name']!r} (rows {rows})")
            )


def _error_line(error: dict) -> str:
    where = f"row {error['row']}" if error["row"] else "file"
    column = f", {error['column']}" if error["column"] else ""
    return f"  ERROR {where}{column}: {error['message']} [{error['cell'][:80]!r}]"


class _Progress:
    """A tqdm bar per stage (read, compare, save) driven by the engine's progress calls."""

    def __init__(self, stream) -> None:
        self.stream, self.bar, self.stage = stream, None, None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(total=total or None, desc=stage, file=self.stream._out, leave=False)
        if self.bar is not None:
            if total and self.bar.total != total:
                self.bar.total = total
            self.bar.n = done
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
