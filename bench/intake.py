"""Plan intake benchmark: a 5,000-row template file through preview, apply and re-import.

    .venv/bin/python -m bench.intake            # on its own (a fresh SQLite database)
    BENCH_INTAKE_DB=postgres://postgres@127.0.0.1:5432/bench_intake .venv/bin/python -m bench.intake

The file: 50 priorities, 450 measures, 4,500 sub-items (5,000 rows) with executors named as
the registry spells them, role columns, deadlines of every kind and one indicator a row.
Phases: preview of a new plan; apply (create); preview of the same file again (all
unchanged); re-import of the plan in force with one deadline changed (one amendment).
Wall-clock seconds per phase and the process's peak RSS; then the preview once more under
tracemalloc for its Python heap peak. A bench figure, not a timed test.
"""

import io
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PRIORITIES, MEASURES_PER_PRIORITY, SUB_ITEMS_PER_MEASURE = 50, 9, 10
DEADLINES = ["2022-2024", "IV rüb 2023", "Q2 2024", "By fall 2022", "hər il", "daimi", "2023"]


def _setup() -> str:
    database = os.environ.get("BENCH_INTAKE_DB")
    if not database:
        path = Path(tempfile.mkdtemp()) / "bench_intake.sqlite3"
        database = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nap_portal.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from agencies.registry import sync_registry

    call_command("migrate", verbosity=0)
    sync_registry(settings.FIXTURES_DIR / "agencies.toml")
    return database.split("://")[0]


def make_file(changed_deadline: str = "") -> bytes:
    from openpyxl import Workbook

    from agencies.models import Agency

    names = list(Agency.objects.order_by("slug").values_list("name", flat=True)[:60])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(
        [
            "Nömrə",
            "Kod",
            "Ad",
            "Title (English)",
            "Göstərici",
            "Əsas icraçı",
            "Digər icraçılar",
            "İcra müddəti",
        ]
    )
    n = 0
    for p in range(1, PRIORITIES + 1):
        sheet.append([str(p), f"P{p}", f"Prioritet {p}", f"Priority {p}"])
        for m in range(1, MEASURES_PER_PRIORITY + 1):
            n += 1
            deadline = DEADLINES[n % len(DEADLINES)]
            if changed_deadline and (p, m) == (1, 1):
                deadline = changed_deadline
            sheet.append(
                [
                    f"{p}.{m}",
                    f"C{p:02d}.{m}",
                    f"Tədbir {p}.{m}: şəffaflığın artırılması",
                    f"Measure {p}.{m}",
                    f"Göstərici {p}.{m}",
                    names[n % len(names)],
                    f"{names[(n + 1) % len(names)]}\n{names[(n + 2) % len(names)]}",
                    deadline,
                ]
            )
            for s in range(1, SUB_ITEMS_PER_MEASURE + 1):
                n += 1
                sheet.append(
                    [
                        f"{p}.{m}.{s}",
                        "",
                        f"Alt bənd {p}.{m}.{s}",
                        f"Milestone {p}.{m}.{s}",
                        f"Göstərici {p}.{m}.{s}",
                        names[n % len(names)],
                        "",
                        DEADLINES[n % len(DEADLINES)],
                    ]
                )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(label: str, function, results: list):
    start = time.perf_counter()
    value = function()
    results.append((label, time.perf_counter() - start))
    return value


def main() -> int:
    engine = _setup()
    from plans.amendments import LegalBasis
    from plans.intake.engine import NewPlan, PlanIntake
    from plans.models import Plan
    from reports.plan_intake import apply_plan_file

    results: list[tuple[str, float]] = []
    data = timed("generate the 5,000-row XLSX", make_file, results)
    new = NewPlan(title="Bench", slug="bench-intake", start_year=2022, end_year=2026)
    intake = PlanIntake(name="bench.xlsx", data=data, new_plan=new)
    preview = timed("preview (new plan: 5,000 created)", intake.preview, results)
    assert preview["summary"]["rows"] == 5000 and not preview["summary"]["errors"], preview[
        "summary"
    ]
    timed("apply (create 5,000 items)", lambda: apply_plan_file(intake=intake), results)
    plan = Plan.objects.get(slug="bench-intake")
    again = PlanIntake(name="bench.xlsx", data=data, plan=plan)
    preview = timed("re-import preview (5,000 unchanged)", again.preview, results)
    assert preview["summary"]["unchanged"] == 5000, preview["summary"]
    plan.status = Plan.Status.ACTIVE
    plan.save(update_fields=["status"])
    changed = PlanIntake(name="bench.xlsx", data=make_file("IV rüb 2025"), plan=plan)
    summary = timed(
        "re-import apply (1 changed: 1 amendment)",
        lambda: apply_plan_file(intake=changed, basis=LegalBasis(number="bench")),
        results,
    )
    assert summary["changed"] == 1 and summary["amendments"] == 1, summary
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    PlanIntake(name="bench.xlsx", data=data, plan=plan).preview()
    heap_peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
    tracemalloc.stop()
    print(f"5,000-row plan import on {engine}, {len(data) / 1024:.0f} KB XLSX")
    print("| phase | seconds |\n|---|---:|")
    for label, seconds in results:
        print(f"| {label} | {seconds:.1f} |")
    print(
        f"\npeak RSS of the process: {peak_rss:.0f} MB; Python heap peak of one preview "
        f"(tracemalloc): {heap_peak:.0f} MB"
    )
    print(
        f"{platform.machine()} {platform.system()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
