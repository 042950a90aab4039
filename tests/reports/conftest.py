"""Reports fixtures: workflow reports built through the services, and exports rendered once."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from reports import services
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

DOCUMENTS = Path(settings.FIXTURES_DIR) / "documents"
SEED_002 = DOCUMENTS / "002_1226d564e9af3c2b.txt"
CANARY = "KANAREYKA-7f3a9c-unpublished-draft-text"


@pytest.fixture
def english(settings):
    """Pages and mail in English, so assertions read the msgids whatever the catalogs hold.

    Workflow test modules use it through ``pytestmark``."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def draft_a(period, measure_19, staff_a, agency_a):
    return services.save_report(
        measure=measure_19,
        agency=agency_a,
        period=period,
        user=staff_a,
        works_done=f"Ədliyyə Nazirliyi: hesabat hazırlanır. {CANARY}",
        status="in_progress",
    )


@pytest.fixture
def draft_b(period, measure_19, staff_b, agency_b):
    return services.save_report(
        measure=measure_19,
        agency=agency_b,
        period=period,
        user=staff_b,
        works_done="Samux RİH: etik davranış qaydalarına dair maarifləndirmə keçirilib.",
        status="partial",
    )


def advance(report, state: str, *, owner, secretariat):
    """Drive a draft through the real services to ``state``."""
    if state == "draft":
        return report
    report = services.submit_report(report=report, user=owner)
    if state == "submitted":
        return report
    if state == "returned":
        return services.return_report(report=report, user=secretariat, comment="Fix the dates.")
    report = services.accept_report(report=report, user=secretariat)
    if state == "accepted":
        return report
    return services.publish_report(report=report, user=secretariat)


def squeeze(text: str) -> str:
    """Text without whitespace and hyphens, so line wrapping cannot break a match.

    (pdftotext joins a word hyphenated at a line end, "informasiya-\nkommunikasiya", into one.)
    """
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def seed_002_statements() -> dict[str, list[str]]:
    """Per measure number, the works-done lines of seed 002, read without the importer."""
    cells: dict[str, list[str]] = {}
    number, cell_index = None, 0
    for line in SEED_002.read_text(encoding="utf-8").splitlines():
        if line.startswith("\t"):
            cell = line.strip()
            if re.fullmatch(r"\d+\.\d+\.?", cell):
                number, cell_index = cell.rstrip("."), 0
                cells[number] = []
                continue
            if cell.startswith("Prioritet"):
                number = None
                continue
            cell_index += 1
        if number and cell_index >= 4 and line.strip():
            cells[number].append(line.strip())
    return cells


def pdf_text(
    data: bytes, tmp_path: Path, *, body_only: bool = False, landscape: bool = False
) -> str:
    """The PDF's text as pdftotext reads it; ``body_only`` crops the running header/footer."""
    source = tmp_path / "extract.pdf"
    source.write_bytes(data)
    crop = []
    if body_only and landscape:
        # A4 landscape is 842 × 595 pt; its margins are 18 mm (51 pt) and 16 mm (45 pt).
        crop = ["-x", "0", "-y", "46", "-W", "842", "-H", "506"]
    elif body_only:
        # A4 portrait at 72 dpi is 595 × 842; the margins are 20 mm (57 pt) and 18 mm (51 pt).
        crop = ["-x", "0", "-y", "52", "-W", "595", "-H", "742"]
    return subprocess.run(
        ["pdftotext", *crop, "-enc", "UTF-8", str(source), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _render(exporter_class, source, language="en") -> bytes:
    import datetime

    _, _, data = exporter_class(
        source, language=language, today=datetime.date(2026, 11, 22)
    ).render()
    return data


@pytest.fixture(scope="session")
def consolidated_2022(django_db_setup, django_db_blocker):
    """The 2022 anti-corruption consolidated report in every format, rendered once."""
    from public.exports.csv import ConsolidatedCsv
    from public.exports.docx import ConsolidatedDocx
    from public.exports.pdf import ConsolidatedPdf
    from public.exports.sources import ConsolidatedReport
    from public.exports.xlsx import ConsolidatedXlsx
    from reports.models import ReportingPeriod

    with django_db_blocker.unblock():
        period = ReportingPeriod.objects.get(plan__slug=ANTI_CORRUPTION, year=2022)
        return {
            fmt: _render(exporter, ConsolidatedReport(period.plan, period))
            for fmt, exporter in {
                "pdf": ConsolidatedPdf,
                "xlsx": ConsolidatedXlsx,
                "docx": ConsolidatedDocx,
                "csv": ConsolidatedCsv,
            }.items()
        }


@pytest.fixture(scope="session")
def samux_2022(django_db_setup, django_db_blocker):
    """Samux's 2022 report on the open-government plan as PDF and Word, rendered once."""
    from agencies.models import Agency
    from public.exports.docx import AgencyDocx
    from public.exports.pdf import AgencyPdf
    from public.exports.sources import AgencyReport
    from reports.models import ReportingPeriod

    with django_db_blocker.unblock():
        period = ReportingPeriod.objects.get(plan__slug=OPEN_GOV, year=2022)
        samux = Agency.objects.get(slug="samux-rayon-icra-hakimiyyeti")
        report = AgencyReport(samux, period.plan, period)
        return {"pdf": _render(AgencyPdf, report), "docx": _render(AgencyDocx, report)}


@pytest.fixture
def client_en(client):
    """The anonymous citizen, reading in English (labels are English msgids)."""
    client.cookies.load({"django_language": "en"})
    return client
