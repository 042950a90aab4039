"""The civil-society pages people use: the workspace forms, the public organisation page and
feed, the measure page's side by side, the board's filter; hostile text stays text."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from civic import services
from civic.models import Assessment, Reply
from reports import services as report_services
from reports.models import ProgressReport
from tests.civic.conftest import PNG
from tests.conftest import ANTI_CORRUPTION

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> =HYPERLINK("http://x")'


def say_done(measure, secretariat_user):
    """The secretariat corrects the agency's published 2022 statement on ``measure`` to done."""
    report = ProgressReport.objects.filter(measure=measure, period__year=2022).first()
    return report_services.correct_report(
        report=report,
        user=secretariat_user,
        works_done=report.works_done,
        status="done",
        reason="Agentlik icranı tamamlanmış sayır.",
    )


def test_member_writes_a_draft_through_the_form_and_errors_keep_the_text(
    client, member, organisation, measure_68
):
    client.force_login(member)
    page = client.get("/workspace/civil-society/assessments/new/")
    assert page.status_code == 200
    data = {
        "organisation": organisation.pk,
        "measure": measure_68.pk,
        "year": "2030",
        "completion": "limited",
        "opened_government": "marginal",
        "text": "Mətnim itməsin.",
    }
    refused = client.post("/workspace/civil-society/assessments/new/", data)
    assert refused.status_code == 200
    assert "Mətnim itməsin." in refused.content.decode()
    assert 'class="error-summary"' in refused.content.decode()
    assert not Assessment.objects.exists()
    data["year"] = "2022"
    saved = client.post("/workspace/civil-society/assessments/new/", data)
    assessment = Assessment.objects.get()
    assert saved["Location"] == f"/workspace/civil-society/assessments/{assessment.pk}/"
    published = client.post(f"/workspace/civil-society/assessments/{assessment.pk}/publish/")
    assert published.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_published
    conflict = client.post(f"/workspace/civil-society/assessments/{assessment.pk}/", data)
    assert conflict.status_code == 409


def test_wrong_type_file_is_a_field_error_on_the_reply_form(
    client, published_assessment, staff_a, agency_a
):
    client.force_login(staff_a)
    url = f"/workspace/civil-society/assessments/{published_assessment.pk}/reply/"
    response = client.post(
        url,
        {
            "agency": agency_a.pk,
            "stance": "disagrees",
            "text": "Cavabımız.",
            "files": [SimpleUploadedFile("x.pdf", b"MZ not a pdf")],
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Only PDF, DOCX, XLSX, PNG and JPEG files are accepted." in body
    assert "Cavabımız." in body
    assert not Reply.objects.exists()


def test_measure_page_shows_the_three_views_and_flags_the_disagreement(
    client, published_assessment, staff_a, agency_a, member, secretariat_user, measure_68
):
    say_done(measure_68, secretariat_user)
    services.reply_to_assessment(
        user=staff_a,
        assessment=published_assessment,
        agency=agency_a,
        stance="disagrees",
        text="Nazirliyin cavabı.",
    )
    page = client.get(measure_68.get_absolute_url()).content.decode()
    assert "Status the agency reported" in page
    assert "Status accepted by the secretariat" in page
    assert published_assessment.text in page
    assert "Nazirliyin cavabı." in page
    assert "Civil society disagrees" in page
    board = client.get(
        f"/plans/{ANTI_CORRUPTION}/?civil_society=disagrees&year=2022"
    ).content.decode()
    assert f'href="{measure_68.get_absolute_url()}"' in board
    assert "1 measure, status for 2022" in board
    assert f'href="{measure_68.get_absolute_url()}#civil-society"' in board  # the card's flag


def test_no_flag_when_the_agency_does_not_say_done(client, published_assessment, measure_68):
    page = client.get(measure_68.get_absolute_url()).content.decode()
    assert published_assessment.text in page
    assert "civic-disagrees" not in page
    board = client.get(f"/plans/{ANTI_CORRUPTION}/?civil_society=disagrees").content.decode()
    assert "0 measures" in board


def test_a_hidden_assessment_shows_the_reason_in_its_place(
    client, published_assessment, secretariat_user, measure_68
):
    services.hide_assessment(
        user=secretariat_user, assessment=published_assessment, reason="Təhqiredici ifadələr."
    )
    page = client.get(measure_68.get_absolute_url()).content.decode()
    assert "Təhqiredici ifadələr." in page
    assert published_assessment.text not in page


def test_drafts_are_nowhere_public(client, draft_assessment, measure_68, organisation):
    for url in (
        measure_68.get_absolute_url(),
        organisation.get_absolute_url(),
        f"{organisation.get_absolute_url()}feed/",
    ):
        assert draft_assessment.text not in client.get(url).content.decode()


def test_the_platforms_public_page_lists_its_activities_totals_and_link(client, seeded):
    page = client.get("/civil-society/aht-platformasi/").content.decode()
    assert "AHT Platformasının maddi-texniki bazasının yaradılması" in page
    for figure in ("17", "462", "14", "6", "8"):
        assert f"<dd>{figure}</dd>" in page
    assert "http://edf.az/ts_general/azl/layihe/OGPP/index.htm" in page
    assert "MHŞT Çoxtərəfli Qrupun 2017-ci il üzrə Fəaliyyət Planı" in page
    assert "civil-society/aht-platformasi/" in client.get("/civil-society/").content.decode()


def test_script_onerror_and_formula_payloads_are_inert_in_pages_and_feed(
    client, member, organisation, measure_68, staff_a, agency_a
):
    assessment = services.save_assessment(
        user=member,
        organisation=organisation,
        measure=measure_68,
        year=2022,
        completion="limited",
        opened_government="marginal",
        text=HOSTILE,
    )
    services.publish_assessment(user=member, assessment=assessment)
    services.reply_to_assessment(
        user=staff_a, assessment=assessment, agency=agency_a, stance="agrees", text=HOSTILE
    )
    for url in (measure_68.get_absolute_url(), organisation.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    feed = client.get(f"{organisation.get_absolute_url()}feed/").content.decode()
    assert "<script>" not in feed and "<img " not in feed
    # Escaped once for HTML, once for XML: a reader sees the tags as text.
    assert "&amp;lt;script&amp;gt;" in feed


def test_public_file_of_a_published_assessment_downloads_and_a_drafts_is_404(
    client, member, organisation, measure_68, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    assessment = services.save_assessment(
        user=member,
        organisation=organisation,
        measure=measure_68,
        year=2022,
        completion="complete",
        opened_government="major",
        text="Faylla.",
        files=[SimpleUploadedFile("foto.png", PNG)],
    )
    item = assessment.files.get()
    assert client.get(f"/civil-society/files/{item.pk}/").status_code == 404
    services.publish_assessment(user=member, assessment=assessment)
    response = client.get(f"/civil-society/files/{item.pk}/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_agencys_workspace_lists_the_assessments_to_reply_to(
    client, published_assessment, staff_a
):
    client.force_login(staff_a)
    assert "/workspace/civil-society/" in client.get("/workspace/").content.decode()
    page = client.get("/workspace/civil-society/").content.decode()
    assert f"/workspace/civil-society/assessments/{published_assessment.pk}/reply/" in page


def test_the_agency_scorecard_selector_lists_assessments_of_its_measures(
    published_assessment, agency_a, agency_b
):
    from public.selectors import agency_civic_scorecard

    assert [a.pk for a in agency_civic_scorecard(agency_a)] == [published_assessment.pk]
    assert agency_civic_scorecard(agency_b) == []
