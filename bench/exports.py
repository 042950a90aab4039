"""Export benchmarks through the real download path, at two sizes, each against its floor.

    .venv/bin/python -m bench.exports            # 1/10 and full size; prints a table
    .venv/bin/python -m bench.exports --write    # … and records it in bench/README.md
    .venv/bin/python -m bench.exports --scale 0.05 --no-full-pdf   # a quick look

On its own PostgreSQL database (``BENCH_PG``, default postgres://postgres@127.0.0.1:5432,
created and dropped here) it generates two plans with ``generate_scale_data``: the full one
of 2,000 measures, 100 agencies and 100,000 reports over 5 years (20,000 statements in its
first year) and one of a tenth of it. Then, for the first year of each, it downloads through
Django's test client — URL routing, middleware, the view, the stored-document logic, the
exporter, storage — with the on-demand limits lifted so the request renders the document as
the background build would:

- the consolidated PDF and Word document: build time (wall and CPU) at both sizes, so the
  growth shows (10× the data should cost ~10× the time);
- the consolidated XLSX: peak memory (target < 300 MB) and time;
- the consolidated CSV and the plan's open-data dump (JSON and CSV, every year): peak memory,
  which should stay flat whatever the size (target < 150 MB);
- the stored consolidated PDF: download p50 over 30 requests (target < 50 ms and ≥ 50× faster
  than rendering it);
- with the limits as configured, the full-size downloads must answer at once (a progress page
  or a redirect to the stored copy): no public request holds a worker for long.

Floors, measured in the same run on the same rows: WeasyPrint rendering the same text as bare
paragraphs with the same stylesheet; python-docx (lxml) appending the same text as bare
paragraphs; openpyxl write-only of the same cells with no styles; ``csv.writer`` of the same
rows; and the memory of an idle process that has loaded Django and served one page.

Every measurement runs in its own child process (``python -m bench.exports --child …``) and
reports its own peak memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``; this parent loads
no Django, so what a child inherits at fork is small) so runs do not pollute each other.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
HEADING = "## Exports"
YEAR = 2022
FULL = {"measures": 2000, "agencies": 100, "years": 5, "reports": 100_000}
STORED_RUNS = 30


# --- child processes --------------------------------------------------------------------------


def _rss() -> dict:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    hwm = peak
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) / 1024
    except OSError:
        pass
    return {"maxrss_mb": round(peak), "hwm_mb": round(hwm)}


def _django(lift_limits: bool = True):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nap_portal.settings")
    import django

    django.setup()
    from django.conf import settings

    if lift_limits:
        settings.EXPORT_ON_DEMAND_ROWS = dict.fromkeys(settings.EXPORT_ON_DEMAND_ROWS, 10**9)


def _timed(function):
    started, cpu = time.perf_counter(), time.process_time()
    result = function()
    return result, time.perf_counter() - started, time.process_time() - cpu


def child_setup(scale: float) -> dict:
    _django()
    from django.core.management import call_command
    from django.db import connection

    from reports.management.commands.generate_scale_data import generate_scale_data

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    made = {}
    for label, factor in (("tenth", scale / 10), ("full", scale)):
        sizes = {key: max(1, round(value * factor)) for key, value in FULL.items()}
        sizes["years"] = FULL["years"]
        sizes["agencies"] = FULL["agencies"]
        _, seconds, _ = _timed(
            lambda sizes=sizes, label=label: generate_scale_data(
                **sizes, slug=f"bench-exports-{label}", start_year=YEAR
            )
        )
        made[label] = {**sizes, "seconds": round(seconds)}
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return made


def child_download(url: str, lift_limits: bool) -> dict:
    """One GET through the test client, its body read to the end without keeping it."""
    _django(lift_limits)
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    # Warm up as a running server is: one page served and, for a report document, the
    # exporters' libraries loaded (WeasyPrint among them); the dump needs none of them.
    if "/reports/" in url:
        import public.exports.registry  # noqa: F401
    client.get("/api/v1/plans/", secure=True)
    before = _rss()

    def get():
        response = client.get(url, secure=True)
        if response.streaming:
            size = sum(len(chunk) for chunk in response.streaming_content)
        else:
            size = len(response.content)
        return response.status_code, size

    (status, size), seconds, cpu = _timed(get)
    expected = (200,) if lift_limits else (200, 202, 303)
    assert status in expected, (url, status)
    return {
        "status": status,
        "bytes": size,
        "seconds": seconds,
        "cpu": cpu,
        **_rss(),
        "baseline_mb": before["maxrss_mb"],
    }


def child_stored(url: str, runs: int) -> dict:
    """The p50 of downloading a stored document (already built by an earlier child)."""
    _django(lift_limits=False)
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    timings, kind = [], ""
    for _ in range(runs + 3):
        started = time.perf_counter()
        response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        sum(len(chunk) for chunk in response.streaming_content)
        timings.append(time.perf_counter() - started)
        kind = type(response).__name__
    timings = sorted(timings[3:])
    return {
        "p50_ms": statistics.median(timings) * 1000,
        "p90_ms": timings[int(len(timings) * 0.9) - 1] * 1000,
        "response": kind,
    }


def _report(plan_slug: str):
    from public.exports.sources import ConsolidatedReport
    from reports.models import ReportingPeriod

    period = ReportingPeriod.objects.select_related("plan").get(plan__slug=plan_slug, year=YEAR)
    return ConsolidatedReport(period.plan, period)


def _paragraphs(report) -> list[str]:
    """The consolidated report's text (labels included), in reading order."""
    from django.utils.translation import gettext, override

    with override("az"):
        labels = [gettext("Main executor"), gettext("Other executors"), gettext("Works done")]
        paragraphs = [report.title]
        for section in report.sections():
            paragraphs.append(section.heading)
            for entry in section.measures:
                paragraphs.append(f"{entry.measure.number}. {entry.measure.title}")
                paragraphs.append(f"{labels[0]}: {entry.main_text}")
                paragraphs.append(f"{labels[1]}: {entry.others_text}")
                paragraphs.append(labels[2])
                for statement in entry.statements:
                    for index, paragraph in enumerate(statement.paragraphs):
                        prefix = f"{statement.agency.name}: " if index == 0 else ""
                        paragraphs.append(prefix + paragraph)
    return [text for text in paragraphs if text]


def child_floor(kind: str, plan_slug: str) -> dict:
    _django()
    import docx  # noqa: F401 — libraries loaded before timing, as for the downloads
    import openpyxl  # noqa: F401
    import weasyprint  # noqa: F401

    report = _report(plan_slug)
    out = tempfile.TemporaryFile()
    if kind in ("pdf", "docx"):
        paragraphs = _paragraphs(report)  # read first: the floor is the rendering alone
        before = _rss()
        if kind == "pdf":
            run = lambda: _floor_pdf(paragraphs, out)  # noqa: E731
        else:
            run = lambda: _floor_docx(paragraphs, out)  # noqa: E731
    else:
        before = _rss()
        run = lambda: (_floor_xlsx if kind == "xlsx" else _floor_csv)(report, out)  # noqa: E731
    _, seconds, cpu = _timed(run)
    size = out.seek(0, 2)
    return {
        "seconds": seconds,
        "cpu": cpu,
        "bytes": size,
        **_rss(),
        "baseline_mb": before["maxrss_mb"],
    }


def _floor_pdf(paragraphs, out) -> None:
    from html import escape

    from django.templatetags.static import static
    from weasyprint import HTML

    from public.exports.pdf import BASE_URL, StaticFilesFetcher

    body = "\n".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<link rel='stylesheet' href='{static('pdf/print.css')}'></head><body>{body}</body></html>"
    )
    HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf(out)


def _floor_docx(paragraphs, out) -> None:
    from docx import Document

    from public.exports.docx import BodyWriter

    document = Document()
    with BodyWriter(document) as body:
        for text in paragraphs:
            body.paragraph(text)
    document.save(out)


def _floor_xlsx(report, out) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Reports")
    sheet.append([str(column.label) for column in report.columns()])
    for row in report.rows():
        sheet.append(row)
    workbook.save(out)


def _floor_csv(report, out) -> None:
    import csv
    import io

    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow([str(column.label) for column in report.columns()])
    for row in report.rows():
        writer.writerow(row)
    text.detach()


def child_idle() -> dict:
    """The floor of memory: Django loaded, one small page served."""
    _django()
    from django.test import Client

    Client(HTTP_HOST="localhost").get("/api/v1/plans/", secure=True)
    return _rss()


def child_main(argv: list[str]) -> None:
    step = argv[0]
    if step == "setup":
        result = child_setup(float(argv[1]))
    elif step == "download":
        result = child_download(argv[1], lift_limits=argv[2] == "lift")
    elif step == "stored":
        result = child_stored(argv[1], int(argv[2]))
    elif step == "floor":
        result = child_floor(argv[1], argv[2])
    elif step == "idle":
        result = child_idle()
    else:
        raise SystemExit(f"unknown step {step!r}")
    print("RESULT " + json.dumps(result))


# --- the parent: no Django here ----------------------------------------------------------------


class Runner:
    def __init__(self, env: dict, timeout: int) -> None:
        self.env = env
        self.timeout = timeout

    def __call__(self, *args: str, timeout: int | None = None) -> dict:
        started = time.perf_counter()
        try:
            result = subprocess.run(
                [sys.executable, "-m", "bench.exports", "--child", *args],
                cwd=HERE.parent,
                env=self.env,
                capture_output=True,
                text=True,
                timeout=timeout or self.timeout,
            )
        except subprocess.TimeoutExpired:
            print(f"  {' '.join(args)}: timed out", flush=True)
            return {"timeout": timeout or self.timeout}
        lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
        if result.returncode or not lines:
            print(result.stdout[-2000:], result.stderr[-4000:], file=sys.stderr)
            raise SystemExit(f"child {args} failed")
        figures = json.loads(lines[-1][len("RESULT ") :])
        print(f"  {' '.join(args)}: {figures} ({time.perf_counter() - started:.0f} s)", flush=True)
        return figures


def measure(run: Runner, figures: dict, full_pdf: bool, pdf_timeout: int, save) -> None:
    """Everything but the full-size PDF first (it is the slowest), saving after each step so
    a run stopped early still has its figures (``--report-only``)."""
    figures["idle"] = run("idle")
    for size in ("tenth", "full"):
        plan = f"bench-exports-{size}"
        report = f"/plans/{plan}/reports/{YEAR}"
        got = figures.setdefault(size, {})
        for fmt in ("docx", "xlsx", "csv"):
            got[fmt] = run("download", f"{report}.{fmt}", "lift")
            got[f"floor_{fmt}"] = run("floor", fmt, plan)
            save()
        got["dump_json"] = run("download", f"/api/v1/plans/{plan}/dump/", "lift")
        got["dump_csv"] = run("download", f"/api/v1/plans/{plan}/dump/?format=csv", "lift")
        save()
        if size == "tenth":
            _pdf(run, got, report, plan, pdf_timeout)
            save()
    figures["limits"] = measure_limits(run)
    save()
    if full_pdf:
        _pdf(
            run,
            figures["full"],
            f"/plans/bench-exports-full/reports/{YEAR}",
            "bench-exports-full",
            pdf_timeout,
        )
        save()


def measure_limits(run: Runner) -> dict:
    """With the configured limits, at full size, on documents not yet stored (another year)."""
    plan = "bench-exports-full"
    year = YEAR + 1
    return {
        "pdf": run("download", f"/plans/{plan}/reports/{year}.pdf", "keep"),
        "docx": run("download", f"/plans/{plan}/reports/{year}.docx", "keep"),
        "dump": run("download", f"/api/v1/plans/{plan}/dump/", "keep"),
    }


def _pdf(run: Runner, got: dict, report: str, plan: str, timeout: int) -> None:
    got["pdf"] = run("download", f"{report}.pdf", "lift", timeout=timeout)
    if "seconds" in got["pdf"]:
        got["stored_pdf"] = run("stored", f"{report}.pdf", str(STORED_RUNS))
    got["floor_pdf"] = run("floor", "pdf", plan, timeout=timeout)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.exports", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="of the full plan (1.0)")
    parser.add_argument("--no-full-pdf", action="store_true", help="PDF at 1/10 size only")
    parser.add_argument("--pdf-timeout", type=int, default=1200, help="seconds per PDF step")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", help="a database kept by --keep: skip the setup")
    parser.add_argument("--write", action="store_true", help="record in bench/README.md")
    parser.add_argument("--figures", default=str(Path(tempfile.gettempdir()) / "nap-exports.json"))
    parser.add_argument(
        "--report-only", action="store_true", help="print (and --write) the saved figures"
    )
    args = parser.parse_args()
    figures_path = Path(args.figures)
    if args.report_only:
        text = report_markdown(json.loads(figures_path.read_text()), args)
        print(text)
        if args.write:
            write_readme(text)
        return 0
    figures: dict = {}
    started = time.perf_counter()

    def save() -> None:
        figures["seconds"] = time.perf_counter() - started
        figures_path.write_text(json.dumps(figures))

    import psycopg2

    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    name = args.reuse or f"nap_exports_bench_{os.getpid()}"
    parts = urlparse(server)
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    if not args.reuse:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    # Collected static files stay with a kept database, for --reuse.
    static_root = str(Path(tempfile.gettempdir()) / f"{name}-static")
    media_root = tempfile.mkdtemp(prefix="nap-bench-media-")
    env = {
        **os.environ,
        "DATABASE_URL": f"{server}/{name}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "localhost",
        "STATIC_ROOT": static_root,
        "MEDIA_ROOT": media_root,
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "nap_portal.settings",
    }
    run = Runner(env, timeout=args.pdf_timeout)
    try:
        print(f"database {name}: migrate, generate …", flush=True)
        if args.reuse:
            made = json.loads((Path(static_root) / "made.json").read_text())
        else:
            made = run("setup", str(args.scale), timeout=3600)
            Path(static_root, "made.json").write_text(json.dumps(made))
        figures["made"] = made
        measure(run, figures, not args.no_full_pdf, args.pdf_timeout, save)
    finally:
        shutil.rmtree(media_root, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(static_root, ignore_errors=True)
        if not args.keep:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
    save()
    text = report_markdown(figures, args)
    print(text)
    if args.write:
        write_readme(text)
    return 0


def _s(figure: dict | None, key: str = "seconds") -> str:
    if not figure:
        return "not run"
    if "timeout" in figure:
        return f"> {figure['timeout']} s (stopped)"
    return f"{figure[key]:.1f} s" if key in ("seconds", "cpu") else f"{figure[key]} MB"


def _ratio(a: dict | None, b: dict | None, key: str) -> str:
    if not a or not b or key not in a or key not in b or not b[key]:
        return ""
    return f"{a[key] / b[key]:.2f}×"


def report_markdown(figures: dict, args) -> str:
    idle = figures.get("idle", {}).get("maxrss_mb", 0) or 1
    tenth, full = figures.get("tenth", {}), figures.get("full", {})
    made = figures["made"]
    rows = [
        "| what | 1/10 size | full size | growth (full ÷ 1/10) | floor (same run, full) | "
        "ratio to floor (full) | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]

    def line(label, key, metric, floor_key, target, floor_metric=None):
        a, b = tenth.get(key), full.get(key)
        floor = full.get(floor_key) if floor_key else None
        floor_metric = floor_metric or metric
        if floor_key:
            cell_floor, ratio = _s(floor, floor_metric), _ratio(b, floor, metric)
        elif metric.endswith("_mb"):
            cell_floor = f"{idle} MB (idle process)"
            ratio = f"{b[metric] / idle:.2f}×" if b and metric in b else ""
        else:
            cell_floor, ratio = "—", ""
        rows.append(
            f"| {label} | {_s(a, metric)} | {_s(b, metric)} | {_ratio(b, a, metric)} | "
            f"{cell_floor} | {ratio} | {target} |"
        )

    line("consolidated PDF, build (wall)", "pdf", "seconds", "floor_pdf", "linear")
    line("consolidated PDF, build (CPU)", "pdf", "cpu", "floor_pdf", "linear")
    line("consolidated PDF, peak RSS", "pdf", "maxrss_mb", "floor_pdf", "")
    line("consolidated Word, build (wall)", "docx", "seconds", "floor_docx", "linear")
    line("consolidated Word, build (CPU)", "docx", "cpu", "floor_docx", "linear")
    line("consolidated Word, peak RSS", "docx", "maxrss_mb", "floor_docx", "")
    line("consolidated XLSX, build (wall)", "xlsx", "seconds", "floor_xlsx", "")
    line("**consolidated XLSX, peak RSS**", "xlsx", "maxrss_mb", "floor_xlsx", "< 300 MB")
    line("consolidated CSV, time", "csv", "seconds", "floor_csv", "")
    line("**consolidated CSV, peak RSS**", "csv", "maxrss_mb", None, "< 150 MB, flat")
    line("open-data dump JSON (all years), time", "dump_json", "seconds", None, "")
    line("**open-data dump JSON, peak RSS**", "dump_json", "maxrss_mb", None, "< 150 MB, flat")
    line("open-data dump CSV (all years), time", "dump_csv", "seconds", None, "")
    line("**open-data dump CSV, peak RSS**", "dump_csv", "maxrss_mb", None, "< 150 MB, flat")
    for size, got in (("1/10", tenth), ("full", full)):
        stored = got.get("stored_pdf")
        if stored and got.get("pdf") and "seconds" in got["pdf"]:
            render_ms = got["pdf"]["seconds"] * 1000
            rows.append(
                f"| **stored consolidated PDF download p50** ({size}) | "
                f"{stored['p50_ms']:.1f} ms (p90 {stored['p90_ms']:.1f}) | | | "
                f"render {render_ms / 1000:.1f} s | **{render_ms / stored['p50_ms']:.0f}× faster** "
                "| < 50 ms, ≥ 50× |"
            )
    limits = figures.get("limits", {})
    limited = ", ".join(
        f"{name} {figure.get('status')} in {figure.get('seconds', 0) * 1000:.0f} ms"
        for name, figure in limits.items()
    )
    sizes = (
        f"1/10: {made['tenth']['measures']:,} measures, {made['tenth']['reports']:,} reports; "
        f"full: {made['full']['measures']:,} measures, {made['full']['reports']:,} reports "
        f"(the consolidated report shows one year: a fifth of the reports)"
    )
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    command = "DEBUG=true .venv/bin/python -m bench.exports --write"
    if args.scale != 1.0:
        command += f" --scale {args.scale}"
    if args.no_full_pdf:
        command += " --no-full-pdf"
    return "\n".join(
        [
            *rows,
            "",
            f"Sizes: {sizes}. With the on-demand limits as configured, full size, a year not "
            f"built yet: {limited} (202: the progress page; 303: the stored dump's address).",
            "",
            f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit {commit} with "
            f"`{command}` on {platform.machine()} {platform.system()}, Python "
            f"{platform.python_version()}, {os.cpu_count()} CPUs shared with other work (load "
            f"average {os.getloadavg()[0]:.1f} at the end); the run took "
            f"{figures['seconds'] / 60:.0f} min. PostgreSQL, DEBUG off, every figure from its "
            "own child process (peak RSS = its `ru_maxrss`).",
        ]
    )


INTRO = """## Exports (`bench/exports.py`)

Through the real download path (Django's test client: routing, middleware, the view, the
stored-document logic, the exporter, storage) on PostgreSQL, at 1/10 and full size of one
year of the 2,000-measure / 100,000-report plan, every figure from its own child process and
set against its floor from the same run (see the module docstring for what each floor is).
Downloads are made with the on-demand limits lifted, so the request renders the document as
the background build does; the last line checks the limits as configured.

```
DEBUG=true .venv/bin/python -m bench.exports --write    # about 20 min on 2 shared CPUs
```
"""


def write_readme(text: str) -> None:
    """Replace this section of bench/README.md (up to the next ``## `` heading)."""
    readme = HERE / "README.md"
    previous = readme.read_text(encoding="utf-8")
    start = previous.index(HEADING)
    end = previous.find("\n## ", start + len(HEADING))
    rest = previous[end + 1 :] if end != -1 else ""
    section = INTRO + "\n" + text.rstrip() + "\n"
    readme.write_text(previous[:start] + section + ("\n" + rest if rest else ""), "utf-8")
    print(f"wrote {readme}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        sys.path.insert(0, str(HERE.parent))
        child_main(sys.argv[2:])
    else:
        sys.exit(main())
