"""Make a synthetic plan with agencies and reports, for benchmarks and scale tests.

    python manage.py generate_scale_data --measures 2000 --agencies 100 --years 5 --reports 100000

The data is deterministic (``--seed``). Every year's period is published except the last,
which stays open with unpublished drafts and submissions, so the "published only" rule is
exercised at scale too.
"""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agencies.models import Agency, AgencyCategory
from operations.publication import bump
from plans.models import Assignment, Measure, Plan, Priority
from reports.models import ImplementationStatus, ProgressReport, ReportingPeriod
from reports.search_index import reindex_measures

WORDS = (
    "korrupsiyaya qarşı mübarizə şəffaflıq hesabatlılıq ədliyyə iqtisadiyyat vətəndaş "
    "elektron xidmət məlumat monitorinq qanunvericilik təkmilləşdirilməsi maarifləndirmə "
    "tədbirləri keçirilmişdir seminar dövlət qulluğu etik davranış açıq hökumət büdcə "
    "satınalma müsabiqə ictimai nəzarət bələdiyyə regional inkişaf rəqəmsal portal "
    "sorğu təlim ixtisasartırma hüquq mühafizə şikayət müraciət icra hakimiyyəti"
).split()
STATUSES = [*ImplementationStatus.values, ""]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


class Command(BaseCommand):
    help = "Create a synthetic plan (measures, agencies, yearly reports) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--measures", type=int, default=640)
        parser.add_argument("--agencies", type=int, default=100)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument(
            "--reports", type=int, default=None, help="total reports (default: 5 per measure-year)"
        )
        parser.add_argument("--slug", default="scale-plan")
        parser.add_argument("--start-year", type=int, default=2022)
        parser.add_argument("--seed", type=int, default=2022)
        parser.add_argument(
            "--replace", action="store_true", help="delete a plan of this slug first"
        )

    def handle(self, *args, **options):
        plan = generate_scale_data(
            measures=options["measures"],
            agencies=options["agencies"],
            years=options["years"],
            reports=options["reports"],
            slug=options["slug"],
            start_year=options["start_year"],
            seed=options["seed"],
            replace=options["replace"],
            progress=self.stdout.write,
        )
        self.stdout.write(
            f"Plan {plan.slug}: {plan.measures.count()} measures, "
            f"{ProgressReport.objects.filter(measure__plan=plan).count()} reports."
        )


@transaction.atomic
def generate_scale_data(
    *,
    measures: int,
    agencies: int,
    years: int,
    reports: int | None = None,
    slug: str = "scale-plan",
    start_year: int = 2022,
    seed: int = 2022,
    replace: bool = False,
    progress=lambda message: None,
) -> Plan:
    """Create the synthetic plan and return it (see the module docstring)."""
    if min(measures, agencies, years) < 1:
        raise CommandError("--measures, --agencies and --years must be at least 1.")
    existing = Plan.objects.filter(slug=slug).first()
    if existing and not replace:
        raise CommandError(f"A plan with slug {slug!r} exists; pass --replace to rebuild it.")
    if existing:
        ProgressReport.objects.filter(measure__plan=existing).delete()
        ReportingPeriod.objects.filter(plan=existing).delete()
        Measure.objects.filter(plan=existing).delete()
        existing.delete()
    rng = random.Random(seed)
    category, _ = AgencyCategory.objects.get_or_create(
        code=f"{slug}-bodies", defaults={"name": "Sınaq qurumları", "name_en": "Test bodies"}
    )
    progress(f"{agencies} agencies")
    bodies = list(Agency.objects.filter(slug__startswith=f"{slug}-agency-").order_by("pk"))
    for number in range(len(bodies) + 1, agencies + 1):
        bodies.append(
            Agency.objects.create(
                name=f"Sınaq İcra Qurumu {number} ({slug})",
                name_en=f"Test executive body {number}",
                slug=f"{slug}-agency-{number}",
                category=category,
            )
        )
    bodies = bodies[:agencies]
    end_year = start_year + years - 1
    plan = Plan.objects.create(
        title=f"Sınaq planı: {measures} tədbir",
        title_en=f"Scale test plan: {measures} measures",
        slug=slug,
        start_year=start_year,
        end_year=end_year,
        description="Benchmark və sınaq üçün yaradılmış plan.",
    )
    priority_count = max(1, min(10, measures // 20))
    priorities = Priority.objects.bulk_create(
        Priority(plan=plan, number=n, title=f"Prioritet {n}: {sentence(rng, 6)}")
        for n in range(1, priority_count + 1)
    )
    progress(f"{measures} measures")
    rows = []
    per_priority: dict[int, int] = {}
    for index in range(measures):
        priority = priorities[index % priority_count]
        per_priority[priority.number] = per_priority.get(priority.number, 0) + 1
        number = f"{priority.number}.{per_priority[priority.number]}"
        first = start_year + rng.randrange(years)
        last = rng.randint(first, end_year)
        measure = Measure(
            plan=plan,
            priority=priority,
            number=number,
            title=sentence(rng, 14),
            indicator=sentence(rng, 6),
            period_text=f"{first}–{last}" if first != last else str(first),
            start_year=first,
            end_year=last,
        )
        measure.sort_key = ".".join(f"{int(p):05d}" for p in number.split("."))
        rows.append(measure)
    plan_measures = Measure.objects.bulk_create(rows, batch_size=1000)
    assignments = []
    obliged: dict[int, list[Agency]] = {}
    for measure in plan_measures:
        chosen = rng.sample(bodies, k=min(3, len(bodies)))
        obliged[measure.pk] = chosen
        for position, (agency, role) in enumerate(
            zip(
                chosen, [Assignment.Role.MAIN, Assignment.Role.CO, Assignment.Role.CO], strict=False
            )
        ):
            assignments.append(
                Assignment(measure=measure, agency=agency, role=role, position=position)
            )
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    periods = [
        ReportingPeriod.objects.create(
            plan=plan,
            year=year,
            is_published=year < end_year or years == 1,
            is_final=year < end_year or years == 1,
            is_open=year == end_year and years > 1,
        )
        for year in range(start_year, end_year + 1)
    ]
    slots = [(m, p) for m in plan_measures for p in periods]
    total = reports if reports is not None else 5 * len(slots)
    per_slot = max(1, min(len(bodies), -(-total // max(len(slots), 1))))
    progress(f"{total} reports")
    made, batch = 0, []
    for round_ in range(per_slot):
        for measure, period in slots:
            if made >= total:
                break
            # The obliged agencies report first, then others in an order rotated per measure.
            named = obliged[measure.pk]
            if round_ < len(named):
                agency = named[round_]
            else:
                others = [b for b in bodies if b not in named]
                agency = others[(measure.pk + round_) % len(others)]
            published = period.is_published
            state = (
                ProgressReport.State.PUBLISHED
                if published
                else rng.choice([ProgressReport.State.DRAFT, ProgressReport.State.SUBMITTED])
            )
            batch.append(
                ProgressReport(
                    measure=measure,
                    agency=agency,
                    period=period,
                    status=rng.choice(STATUSES),
                    works_done="\n".join(sentence(rng, 12) for _ in range(3)),
                    state=state,
                    position=round_,
                )
            )
            made += 1
            if len(batch) >= 5000:
                ProgressReport.objects.bulk_create(batch)
                batch = []
    ProgressReport.objects.bulk_create(batch)
    progress("search index")
    reindex_measures(Measure.objects.filter(plan=plan))
    bump(f"scale data generated: {slug}")
    return plan
