"""Issue 12, item 4: the signed report. An agency signs its report once per period (signatory,
position, date, outgoing letter number and date); the agency's PDF and Word documents carry
the signature block as the signed Samux report (seed 004) does; the agency's public page
links its reports per plan and final year."""

import io
from datetime import date

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from reports import services
from reports.models import AgencySignature
from tests.conftest import ANTI_CORRUPTION, OPEN_GOV

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NAME = "Rəşad Əliyev"
POSITION = "Nazir müavini"
LETTER = "1-4/2871"


def page(response) -> str:
    return response.content.decode()


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def sign(user, agency, period, **changes):
    values = {
        "signatory_name": NAME,
        "signatory_position": POSITION,
        "signed_on": date(2022, 1, 25),
        "letter_number": LETTER,
        "letter_date": date(2022, 1, 26),
        **changes,
    }
    return services.sign_agency_report(user=user, agency=agency, period=period, **values)


def test_the_agency_pdf_of_a_report_filed_on_the_web_has_the_signature_and_letter_number(
    client, period, measure_19, staff_a, agency_a, secretariat_user
):
    # Filed through the services exactly as the web form files it.
    report = services.save_report_with_evidence(
        user=staff_a,
        measure=measure_19,
        agency=agency_a,
        period=period,
        works_done="Etik davranış qaydaları üzrə təlimlər keçirilib.",
        status="done",
        expected_version=0,
    )
    report = services.submit_report(report=report, user=staff_a)
    sign(staff_a, agency_a, period)
    services.accept_report(report=report, user=secretariat_user)
    services.publish_period(period=period, user=secretariat_user)

    client.logout()
    url = reverse("agencies:report-download", args=[agency_a.slug, OPEN_GOV, 2021, "pdf"])
    text = "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(download(client, url))).pages
    )
    flat = " ".join(text.split())
    assert "Etik davranış qaydaları üzrə təlimlər keçirilib." in flat
    assert NAME in flat and POSITION in flat
    assert "25.01.2022" in flat
    assert f"Outgoing letter No. {LETTER} of 26.01.2022" in flat

    docx_url = reverse("agencies:report-download", args=[agency_a.slug, OPEN_GOV, 2021, "docx"])
    document = Document(io.BytesIO(download(client, docx_url)))
    paragraphs = [p.text for p in document.paragraphs]
    assert POSITION in paragraphs and NAME in paragraphs and "25.01.2022" in paragraphs
    assert f"Outgoing letter No. {LETTER} of 26.01.2022" in paragraphs

    # The agency's public page links the report of that final year.
    html = page(client.get(reverse("agencies:detail", args=[agency_a.slug])))
    assert url in html and docx_url in html


def test_the_imported_samux_report_keeps_its_per_report_signature(client_en):
    url = reverse(
        "agencies:report-download", args=["samux-rayon-icra-hakimiyyeti", OPEN_GOV, 2022, "pdf"]
    )
    text = " ".join(
        " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(download(client_en, url))).pages
        ).split()
    )
    assert "Kəmalə Xəlilova" in text and "28.12.2022" in text
    assert "Outgoing letter" not in text


def test_the_agencys_signature_wins_over_the_imported_one(
    seeded, secretariat_user, agency_b, staff_b
):
    from public.exports.sources import AgencyReport
    from reports.models import ReportingPeriod

    period = ReportingPeriod.objects.get(plan__slug=OPEN_GOV, year=2022)
    assert AgencyReport(agency_b, period.plan, period).signature.signatory_name == "Kəmalə Xəlilova"
    # The secretariat reopens the year; Samux signs its report anew.
    ReportingPeriod.objects.filter(pk=period.pk).update(is_open=True)
    sign(staff_b, agency_b, period, signed_on=date(2023, 1, 10), letter_date=None, letter_number="")
    signature = AgencyReport(agency_b, period.plan, period).signature
    assert signature.signatory_name == NAME and signature.signed_on == date(2023, 1, 10)
    assert signature.letter == ""


def test_the_signature_is_once_per_agency_and_period_and_its_changes_are_in_the_history(
    period, staff_a, agency_a
):
    sign(staff_a, agency_a, period)
    sign(staff_a, agency_a, period, signatory_name="Leyla Məmmədova")
    signature = AgencySignature.objects.get(agency=agency_a, period=period)
    assert signature.signatory_name == "Leyla Məmmədova"
    reasons = list(
        signature.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["signed", "signature changed"]
    assert {h.history_user for h in signature.history.all()} == {staff_a}


def test_another_agency_cannot_sign_and_a_closed_period_cannot_be_signed(
    period, staff_a, staff_b, agency_a, secretariat_user
):
    with pytest.raises(services.NotPermitted):
        sign(staff_b, agency_a, period)
    with pytest.raises(services.NotPermitted):
        sign(secretariat_user, agency_a, period)
    services.close_period(period=period, user=secretariat_user)
    with pytest.raises(services.InvalidState):
        sign(staff_a, agency_a, period)
    assert not AgencySignature.objects.exists()


def test_the_signature_form_shows_each_problem_at_its_field_and_saves_nothing(
    client, period, staff_a, agency_a
):
    client.force_login(staff_a)
    url = reverse("reports:signature", args=[period.pk, agency_a.pk])
    assert "Signature of the 2021 report" in page(client.get(url))
    response = client.post(
        url,
        {
            "signatory_name": "",
            "signatory_position": POSITION,
            "signed_on": "2099-01-01",
            "letter_number": "",
            "letter_date": "2022-01-26",
        },
    )
    html = page(response)
    assert response.status_code == 200
    assert 'href="#id_signatory_name"' in html and 'id="id_signatory_name_error"' in html
    assert "cannot be in the future" in html and 'id="id_signed_on_error"' in html
    assert 'id="id_letter_number_error"' in html
    assert f'value="{POSITION}"' in html  # what was typed stays
    assert not AgencySignature.objects.exists()


def test_the_workspace_links_the_signature_and_shows_it_once_set(client, period, staff_a, agency_a):
    client.force_login(staff_a)
    url = reverse("reports:signature", args=[period.pk, agency_a.pk])
    html = page(client.get(reverse("reports:workspace")))
    assert "Signature of this year" in html and url in html
    assert "not signed yet" in html
    response = client.post(
        url,
        {
            "signatory_name": NAME,
            "signatory_position": POSITION,
            "signed_on": "2022-01-25",
            "letter_number": LETTER,
            "letter_date": "2022-01-26",
        },
        follow=True,
    )
    html = page(response)
    assert "Signature saved." in html
    assert NAME in html and "letter No. 1-4/2871" in html and "not signed yet" not in html
    # The form shows the saved signature to change it.
    assert f'value="{LETTER}"' in page(client.get(url))


def test_the_signature_form_of_a_closed_period_is_a_conflict(
    client, period, staff_a, agency_a, secretariat_user
):
    services.close_period(period=period, user=secretariat_user)
    client.force_login(staff_a)
    response = client.get(reverse("reports:signature", args=[period.pk, agency_a.pk]))
    assert response.status_code == 409


def test_the_agency_page_links_reports_of_final_years_only(client_en, agency_a, seeded):
    html = page(client_en.get(reverse("agencies:detail", args=[agency_a.slug])))
    final = reverse("agencies:report-download", args=[agency_a.slug, ANTI_CORRUPTION, 2022, "pdf"])
    assert final in html
    # No report of the open-government plan's years is public for Ədliyyə: no link to one.
    assert f"/reports/{OPEN_GOV}/" not in html
