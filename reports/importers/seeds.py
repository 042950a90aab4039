"""Loads every public document listed in ``fixtures/seeds.toml``; safe to run again."""

import tomllib
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from agencies.models import Agency
from agencies.registry import AgencyResolver, sync_registry
from operations.publication import bump
from plans.importers.base import ImportReport
from plans.importers.plan_table import import_plan_table
from plans.models import Measure, Plan
from reports.importers.agency_report import import_agency_report
from reports.importers.consolidated import import_consolidated_report
from reports.search_index import reindex_measures


@transaction.atomic
def import_seeds(
    fixtures_dir: Path, progress: Callable[[str], None] = lambda message: None
) -> list[ImportReport]:
    manifest = tomllib.loads((fixtures_dir / "seeds.toml").read_text(encoding="utf-8"))
    documents = fixtures_dir / "documents"
    registry_path = fixtures_dir / manifest["registry"]
    progress(f"agency registry {registry_path.name}")
    synced = sync_registry(registry_path)
    registry_report = ImportReport(source=registry_path.name)
    registry_report.created.update(synced.created)
    registry_report.updated.update(synced.updated)
    reports = [registry_report]
    resolver = AgencyResolver(registry_path)
    for number, entry in enumerate(manifest["documents"], start=1):
        path = documents / entry["file"]
        progress(f"[{number}/{len(manifest['documents'])}] {entry['kind']} {path.name}")
        if entry["kind"] == "plan_table":
            description = entry.get("description")
            _, report = import_plan_table(
                path,
                slug=entry["plan"],
                resolver=resolver,
                description_path=documents / description if description else None,
                title_en=entry.get("title_en", ""),
            )
        elif entry["kind"] == "consolidated_report":
            _, report = import_consolidated_report(
                path,
                slug=entry["plan"],
                resolver=resolver,
                title_en=entry.get("title_en", ""),
                compiler=Agency.objects.get(slug=entry["compiler"]),
            )
        elif entry["kind"] == "agency_report":
            report = import_agency_report(
                path,
                plan=Plan.objects.get(slug=entry["plan"]),
                agency=Agency.objects.get(slug=entry["agency"]),
                year=entry["year"],
            )
        elif entry["kind"] in settings.SEED_IMPORTERS:
            # Importers of the layers above (civil society) are named in settings, so this
            # module does not import them.
            report = import_string(settings.SEED_IMPORTERS[entry["kind"]])(path, entry, resolver)
        else:
            raise ValueError(f"seeds.toml: unknown document kind {entry['kind']!r}")
        reports.append(report)
    # Executors and published statements arrive after their measures; index them last.
    progress("search index")
    reindex_measures(Measure.objects.all())
    bump("seeds imported")
    return reports
