"""Export a consolidated report (or one agency's report) to a file, with a progress bar.

    python manage.py export_report anti-corruption-2022-2026 2022 --format pdf --output r.pdf
    python manage.py export_report open-government-2020-2022 2022 --format docx \\
        --agency samux-rayon-icra-hakimiyyeti --output samux.docx

For sizes a web request should not carry. The rules are the download's: published reports of
a final year only. ``--enqueue`` hands the export to the task queue (a worker writes the
file; its state shows in the admin's task list) instead of running it here.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from public.exports.files import FORMATS, ExportRefused, export_to_file
from public.tasks import export_report


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
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the export for a worker and return"
        )

    def handle(self, *args, plan: str, year: int, output: str, **options) -> None:
        path = Path(output)
        fmt = options["format"] or path.suffix.lstrip(".").lower()
        if options["enqueue"]:
            result = export_report.enqueue(
                plan, year, fmt, str(path.resolve()), options["agency"] or "", options["language"]
            )
            self.stdout.write(f"Queued export task {result.id} ({result.status}).")
            return
        bar = ProgressBar(self.stderr, fmt)
        try:
            export_to_file(
                plan=plan,
                year=year,
                output=path,
                fmt=fmt,
                agency=options["agency"],
                language=options["language"],
                progress=bar,
            )
        except ExportRefused as error:
            raise CommandError(str(error)) from None
        bar.finish(f"Wrote {path} ({path.stat().st_size:,} bytes)")
