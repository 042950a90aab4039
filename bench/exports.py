"""Export benchmarks: the consolidated PDF against WeasyPrint's floor; a 100,000-row XLSX.

    make bench                      # every benchmark of the bench package
    .venv/bin/python -m bench.exports   # these two only

1. The 2022 anti-corruption consolidated PDF (seed 002's size) as the portal renders it,
   against the time WeasyPrint takes for the *same text* as bare paragraphs in one plain
   HTML page (the floor). Target: ratio ≤ 1.5.
2. An XLSX of 100,000 generated report rows through the same writer as the downloads, in a
   child process so its peak memory is its own. Target: < 300 MB peak RSS.
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from html import escape

RUNS = 3
XLSX_ROWS = 100_000
PLAN = "anti-corruption-2022-2026"
YEAR = 2022


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nap_portal.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def _timed(function, runs: int = RUNS) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of ``runs`` calls.

    The ratio is taken on CPU time: on a shared machine other processes stretch wall-clock
    time by different amounts for the two renderings.
    """
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(wall), statistics.median(cpu)


def plain_html(report, sections) -> str:
    """The report's text (labels included), every heading and statement a bare <p>, no CSS."""
    from django.utils.translation import gettext, override

    with override("az"):
        labels = [gettext("Main executor"), gettext("Other executors"), gettext("Works done")]
    paragraphs = [report.title]
    for section in sections:
        paragraphs.append(section.heading)
        for entry in section.measures:
            paragraphs += [f"{entry.measure.number}. {entry.measure.title}"]
            paragraphs += [f"{labels[0]}: {entry.main_text}", f"{labels[1]}: {entry.others_text}"]
            paragraphs.append(labels[2])
            for statement in entry.statements:
                for index, paragraph in enumerate(statement.paragraphs):
                    prefix = f"{statement.agency.name}: " if index == 0 else ""
                    paragraphs.append(prefix + paragraph)
    body = "\n".join(f"<p>{escape(text)}</p>" for text in paragraphs if text)
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>"


def bench_pdf() -> dict:
    from weasyprint import HTML

    from public.exports.pdf import ConsolidatedPdf
    from public.exports.sources import ConsolidatedReport
    from reports.models import ReportingPeriod

    period = ReportingPeriod.objects.select_related("plan").get(plan__slug=PLAN, year=YEAR)
    report = ConsolidatedReport(period.plan, period)
    html = plain_html(report, report.sections())
    pages = {}

    def portal():
        pages["portal"] = ConsolidatedPdf(report, language="az").render()[2]

    def floor():
        pages["floor"] = HTML(string=html).write_pdf()

    floor()  # warm up fonts and caches for both
    portal()
    (portal_wall, portal_cpu), (floor_wall, floor_cpu) = _timed(portal), _timed(floor)
    return {
        "pdf_seconds": round(portal_wall, 2),
        "pdf_cpu_seconds": round(portal_cpu, 2),
        "floor_seconds": round(floor_wall, 2),
        "floor_cpu_seconds": round(floor_cpu, 2),
        "ratio": round(portal_cpu / floor_cpu, 2),
        "pdf_bytes": len(pages["portal"]),
    }


class GeneratedRows:
    """``XLSX_ROWS`` report rows shaped like the consolidated report's, text of real length."""

    title = "Benchmark"

    def __init__(self, count: int) -> None:
        self.count = count

    def file_stem(self) -> str:
        return "bench"

    def columns(self):
        from public.exports.sources import ConsolidatedReport

        return ConsolidatedReport.columns(self)

    def rows(self, progress=None):
        from public.exports.base import Summary
        from public.exports.sources import status_kinds

        kinds = status_kinds()
        self._summary = Summary("Priority", kinds, {})
        works = (
            "Ədliyyə Nazirliyi tərəfindən korrupsiya risklərinin müəyyən edilməsi, təhlili və "
            "qarşısının alınması qaydalarının hazırlanması məqsədilə beynəlxalq təcrübə öyrənilir. "
        ) * 4
        for index in range(self.count):
            priority = index % 6 + 1
            status = kinds[index % len(kinds)][0]
            self._summary.add(str(priority), status)
            yield (
                priority,
                f"{priority}.{index % 97 + 1}",
                f"Tədbir {index}: dövlət orqanlarının fəaliyyətində şəffaflığın artırılması",
                "Nazirlər Kabineti",
                "Tövsiyə edilir: Baş Prokurorluq",
                f"Agentlik {index % 60}",
                status,
                ("=" if index % 1000 == 0 else "") + works + str(index),
            )

    def summary(self):
        return self._summary


def peak_rss_mb() -> int:
    """This process's peak resident memory (VmHWM; ru_maxrss would include the parent's)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def xlsx_child(rows: int) -> None:
    """Run in a fresh process: write the workbook, print seconds and peak RSS as JSON."""
    _setup()
    from public.exports.xlsx import ConsolidatedXlsx

    baseline = peak_rss_mb()
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "bench.xlsx")
        started, started_cpu = time.perf_counter(), time.process_time()
        ConsolidatedXlsx(GeneratedRows(rows), language="az").save(path)
        seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        size = os.path.getsize(path)
    peak = peak_rss_mb()
    print(
        json.dumps(
            {
                "xlsx_rows": rows,
                "xlsx_seconds": round(seconds, 1),
                "xlsx_cpu_seconds": round(cpu, 1),
                "xlsx_peak_rss_mb": peak,
                "xlsx_baseline_rss_mb": baseline,
                "xlsx_bytes": size,
            }
        )
    )


def bench_xlsx(rows: int = XLSX_ROWS) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bench.exports", "--xlsx-child", str(rows)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run() -> dict:
    """Both benchmarks; prints a summary and returns the figures."""
    _setup()
    figures = {**bench_pdf(), **bench_xlsx()}
    print(
        f"consolidated PDF {PLAN} {YEAR}: {figures['pdf_seconds']} s "
        f"({figures['pdf_cpu_seconds']} s CPU); floor, same text as bare paragraphs: "
        f"{figures['floor_seconds']} s ({figures['floor_cpu_seconds']} s CPU); "
        f"ratio {figures['ratio']} on CPU time (target ≤ 1.5)"
    )
    print(
        f"XLSX {figures['xlsx_rows']:,} rows: {figures['xlsx_seconds']} s "
        f"({figures['xlsx_cpu_seconds']} s CPU), "
        f"peak RSS {figures['xlsx_peak_rss_mb']} MB "
        f"(process baseline {figures['xlsx_baseline_rss_mb']} MB; target < 300 MB)"
    )
    return figures


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--xlsx-child":
        xlsx_child(int(sys.argv[2]))
    else:
        run()
