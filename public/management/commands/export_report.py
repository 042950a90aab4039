"""Export a consolidated report (or one agency's report) to a file, with a progress bar.

    python manage.py export_report anti-corruption-2022-2026 2022 --format pdf --output r.pdf
    python manage.py export_report open-government-2020-2022 2022 --format docx \\
        --agency samux-rayon-icra-hakimiyyeti --output samux.docx

For sizes a web request should not carry. The rules are the download's: published reports of
a published period only.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.http import Http404

from agencies.models import Agency
from public.exports.registry import get_exporter
from public.exports.sources import AgencyReport, ConsolidatedReport
from public.selectors import get_public_period

FORMATS = ("pdf", "xlsx", "docx", "csv")


class ProgressBar:
    """``[#####.....]  50%  31/62`` on one line on a terminal; one line per tenth elsewhere."""

    WIDTH = 30

    def __init__(self, stream: OutputWrapper, label: str) -> None:
        self.stream = stream
        self.label = label
        self.tty = stream.isatty()
        self.last = None
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        if total:
            fraction = min(done / total, 1.0)
            filled = int(fraction * self.WIDTH)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            text = f"{self.label} [{bar}] {fraction:4.0%} {done}/{total}"
            key = (self.label, int(fraction * 10))
        else:
            text = f"{self.label} {done:,} rows"
            key = (self.label, done)
        if self.tty:
            self.stream.write("\r" + text.ljust(70), ending="")
            self.stream.flush()
        elif key != self.last:
            self.stream.write(text)
        self.last = key

    def finish(self, message: str) -> None:
        if self.tty:
            self.stream.write("")
        self.stream.write(f"{message} ({time.monotonic() - self.started:.1f} s)")


class Command(BaseCommand):
    help = "Export a plan's consolidated report (or an agency's report) for a year to a file."

    def add_arguments(self, parser) -> None:
        parser.add_argument("plan", help="the plan's slug")
        parser.add_argument("year", type=int)
        parser.add_argument("--format", choices=FORMATS, help="default: the output's extension")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument("--agency", help="an agency's slug: export its report (pdf, docx)")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _ in settings.LANGUAGES],
            help="language of the labels (default: %(default)s)",
        )

    def handle(self, *args, plan: str, year: int, output: str, **options) -> None:
        path = Path(output)
        fmt = options["format"] or path.suffix.lstrip(".").lower()
        document = "agency" if options["agency"] else "consolidated"
        exporter_class = get_exporter(document, fmt)
        if exporter_class is None:
            raise CommandError(f"No {fmt!r} export for the {document} report.")
        try:
            period = get_public_period(plan, year, final=True)
        except Http404:
            raise CommandError(
                f"Plan {plan!r} has no results of {year} published as final; nothing to export."
            ) from None
        if options["agency"]:
            agency = Agency.objects.filter(slug=options["agency"]).first()
            if agency is None:
                raise CommandError(f"No agency {options['agency']!r}.")
            source = AgencyReport(agency, period.plan, period)
            if not source:
                raise CommandError(f"{agency} has no published report for {year}.")
        else:
            source = ConsolidatedReport(period.plan, period)
        bar = ProgressBar(self.stderr, fmt)
        exporter = exporter_class(source, language=options["language"], progress=bar)
        exporter.save(path)
        bar.finish(f"Wrote {path} ({path.stat().st_size:,} bytes)")
