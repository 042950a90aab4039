"""The consolidated report's optional civil-society annex, in PDF and Excel: the assessment,
the replies, and hostile text kept inert (no markup, no formula)."""

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from civic import services
from public.exports.pdf import ConsolidatedPdf
from public.exports.sources import ConsolidatedReport
from public.exports.xlsx import ConsolidatedXlsx
from reports.models import ReportingPeriod
from tests.civic.test_pages import HOSTILE
from tests.conftest import ANTI_CORRUPTION
from tests.reports.conftest import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FORMULA = '=HYPERLINK("http://evil.example/x","Ətraflı")'


@pytest.fixture
def annex(member, organisation, measure_68, staff_a, agency_a, seeded):
    assessment = services.save_assessment(
        user=member,
        organisation=organisation,
        measure=measure_68,
        year=2022,
        completion="limited",
        opened_government="marginal",
        text=FORMULA,
    )
    services.publish_assessment(user=member, assessment=assessment)
    services.reply_to_assessment(
        user=staff_a, assessment=assessment, agency=agency_a, stance="disagrees", text=HOSTILE
    )
    period = ReportingPeriod.objects.get(plan=seeded[ANTI_CORRUPTION], year=2022)
    return ConsolidatedReport(period.plan, period, annex=True)


def test_the_excel_annex_holds_assessment_and_reply_as_text(annex):
    _, _, data = ConsolidatedXlsx(annex, language="en").render()
    sheet = load_workbook(io.BytesIO(data))["Civil society"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows[0][0] == "6.8" and rows[0][2] == "Limited"
    assert rows[0][4] == FORMULA
    assert HOSTILE in rows[0][5] and "Ədliyyə Nazirliyi (Disagrees" in rows[0][5]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)


def test_without_the_annex_there_is_no_civil_society_sheet(annex):
    annex.annex = False
    _, _, data = ConsolidatedXlsx(annex, language="en").render()
    assert "Civil society" not in load_workbook(io.BytesIO(data)).sheetnames


def test_the_pdf_annex_shows_the_texts_as_text(annex, tmp_path):
    _, _, data = ConsolidatedPdf(annex, language="en").render()
    text = pdf_text(data, tmp_path)
    assert "Annex: civil-society assessments" in text
    assert "<script>alert(1)</script>" in text  # shown as text, never run
    assert "Limited" in text


def test_the_download_link_asks_for_the_annex(client, annex):
    url = reverse("plans:report-download", args=[ANTI_CORRUPTION, 2022, "xlsx"])
    response = client.get(url + "?annex=civil-society")
    data = b"".join(response.streaming_content)
    assert "Civil society" in load_workbook(io.BytesIO(data)).sheetnames
