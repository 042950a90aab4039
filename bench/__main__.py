"""Server time of the public pages on PostgreSQL: `make bench` (or `python -m bench`).

Creates its own database on the PostgreSQL server of ``BENCH_PG`` (default
postgres://postgres@127.0.0.1:5432), loads the seed plans and a generated plan of 2,000
measures, 100 agencies and 100,000 reports, requests each page through Django's test client
(the whole request: middleware, queries, templates; no network), and writes the p50 and p90
to bench/README.md. The database is dropped at the end.
"""

import argparse
import os
import platform
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
# The environment before main() points Django at its own database; the export benchmark
# (bench/exports.py) runs afterwards in a child process with the original one.
ORIGINAL_ENVIRON = dict(os.environ)
EXPORTS_HEADING = "## Exports"
SEED_PLAN = "anti-corruption-2022-2026"
SCALE_PLAN = "bench-scale-plan"
TARGETS_MS = {"seed": 50, "generated": 150}


def pages(plan: str, measure: str, agency: str, year: int) -> dict[str, str]:
    return {
        "board": f"/plans/{plan}/",
        "board, filtered (q + agency + status)": (
            f"/plans/{plan}/?q=korrupsiya&agency={agency}&status=in_progress&year={year}"
        ),
        "board, page 3": f"/plans/{plan}/?page=3",
        "measure": f"/plans/{plan}/measures/{measure}/",
        "agency": f"/agencies/{agency}/",
        "search": "/search/?q=korrupsiya+seffaf",
    }


def admin_connection(url: str):
    import psycopg2

    parts = urlparse(url)
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection


def time_page(client, url: str, runs: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    queries = len(context.captured_queries)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.9) - 1], queries


def run(client, rows: list, size: str, page_set: dict[str, str], runs: int) -> None:
    for label, url in page_set.items():
        p50, p90, queries = time_page(client, url, runs)
        rows.append((size, label, url, p50, p90, queries))
        flag = "ok" if p50 < TARGETS_MS[size] else "OVER TARGET"
        print(
            f"  {size:9} {label:40} p50 {p50:7.1f} ms  p90 {p90:7.1f} ms  "
            f"{queries:2} queries  {flag}",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--measures", type=int, default=2000)
    parser.add_argument("--agencies", type=int, default=100)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--no-readme", action="store_true", help="print only")
    args = parser.parse_args()

    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    name = f"nap_portal_bench_{os.getpid()}"
    admin = admin_connection(server)
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = f"{server}/{name}"
    # Production settings: DEBUG off, hashed static files collected into a temporary root.
    static_root = tempfile.mkdtemp(prefix="nap-bench-static-")
    os.environ.update(
        DEBUG="false",
        SECRET_KEY="bench-only-" + "x" * 40,
        ALLOWED_HOSTS="localhost",
        STATIC_ROOT=static_root,
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nap_portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        from reports.importers.seeds import import_seeds
        from reports.management.commands.generate_scale_data import generate_scale_data

        started = time.perf_counter()
        print(f"database {name}: migrate, seeds …", flush=True)
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        import_seeds(settings.FIXTURES_DIR)
        client = Client(HTTP_HOST="localhost")
        rows = []
        # The seed plans alone first (search spans every plan), then with the generated plan.
        run(client, rows, "seed", pages(SEED_PLAN, "2.1", "edliyye-nazirliyi", 2022), args.runs)
        print("generated plan …", flush=True)
        plan = generate_scale_data(
            measures=args.measures,
            agencies=args.agencies,
            years=args.years,
            reports=args.reports,
            slug=SCALE_PLAN,
        )
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        setup_seconds = time.perf_counter() - started
        from reports.models import ProgressReport

        reports = ProgressReport.objects.filter(measure__plan=plan).count()
        print(f"  {plan.measures.count()} measures, {reports} reports", flush=True)
        scale_pages = pages(SCALE_PLAN, "1.1", f"{SCALE_PLAN}-agency-1", plan.start_year)
        run(client, rows, "generated", scale_pages, args.runs)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(static_root, ignore_errors=True)
        if not args.keep:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()
    if not args.no_readme:
        write_readme(rows, args, setup_seconds)
    return 0


def write_readme(rows, args, setup_seconds: float) -> None:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    lines = [
        "# Benchmarks",
        "",
        "Server time of the public pages on PostgreSQL, measured by `bench/__main__.py`:",
        "",
        "```",
        "make bench            # or: .venv/bin/python -m bench [--runs 30] [--keep]",
        "```",
        "",
        "It creates and drops its own database on `BENCH_PG` (default "
        "`postgres://postgres@127.0.0.1:5432`), loads the seed plans and a generated plan of "
        f"{args.measures:,} measures, {args.agencies} agencies and {args.reports:,} reports over "
        f"{args.years} years (`generate_scale_data`), then requests each page {args.runs} times "
        "after 3 warm-up requests through Django's test client: the whole request (middleware, "
        "queries, template rendering) without the network.",
        "",
        f"Targets (DESIGN.md): p50 under {TARGETS_MS['seed']} ms for the seed plans, under "
        f"{TARGETS_MS['generated']} ms for the generated one.",
        "",
        "The seed rows are measured with the seed plans only; the generated rows after the "
        "generated plan is added (search spans every plan).",
        "",
        "| plan | page | p50 ms | p90 ms | queries | target |",
        "|---|---|---:|---:|---:|---|",
    ]
    for size, label, url, p50, p90, queries in rows:
        verdict = "met" if p50 < TARGETS_MS[size] else "**missed**"
        lines.append(
            f"| {size} | {label} (`{url}`) | {p50:.1f} | {p90:.1f} | {queries} | {verdict} |"
        )
    lines += [
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC at commit {commit} on "
        f"{platform.machine()} {platform.system()} with Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f} at the end: other work "
        f"shares the machine); setup took {setup_seconds:.0f} s. Settings as in production "
        "(DEBUG off, collected static files); query counts from one extra request per page.",
        "",
    ]
    # Keep the export benchmark's own section (bench/exports.py), written by hand.
    readme = HERE / "README.md"
    previous = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if EXPORTS_HEADING in previous:
        lines += ["", previous[previous.index(EXPORTS_HEADING) :].rstrip(), ""]
    readme.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {HERE / 'README.md'}")


def intake() -> int:
    """The plan intake benchmark (bench/intake.py) on its own fresh SQLite database."""
    env = {k: v for k, v in ORIGINAL_ENVIRON.items() if k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "bench.intake"], cwd=HERE.parent, env=env
    ).returncode


def exports() -> int:
    """The export benchmark (bench/exports.py) on the seeded development database."""
    return subprocess.run(
        [sys.executable, "-m", "bench.exports"], cwd=HERE.parent, env=ORIGINAL_ENVIRON
    ).returncode


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    sys.exit(main() or exports() or intake())
