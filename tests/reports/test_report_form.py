"""The report form: text, status and evidence saved together, errors in the GOV.UK pattern
(a summary linking to each field, one message per problem at its field), nothing typed lost."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Evidence, ProgressReport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PDF = b"%PDF-1.4\n%%EOF\n"
TYPED = "Samux RİH: seminarların protokolu əlavə olunur."


def start_url(period, measure, agency) -> str:
    return reverse("reports:start", args=[period.pk, measure.pk, agency.pk])


def edit_post(client, report, **data):
    fields = {
        "works_done": report.works_done,
        "status": report.status,
        "expected_version": report.version,
        "action": "save",
    }
    fields.update(data)
    return client.post(reverse("reports:edit", args=[report.pk]), fields)


def error_messages(html: str) -> list[str]:
    return re.findall(r'<p class="error-message" id="([^"]+)_error">', html)


def summary_links(html: str) -> list[str]:
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary, "no error summary"
    assert 'role="alert"' in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    return re.findall(r'<a href="(#[^"]+)">', summary.group(0))


def test_text_status_and_a_file_are_saved_in_one_post(client, staff_b, draft_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff_b)
    response = edit_post(
        client,
        draft_b,
        works_done=TYPED,
        status="done",
        evidence_title="Protokol",
        evidence_file=SimpleUploadedFile("protokol.pdf", PDF),
        evidence_visibility="internal",
    )
    assert response.status_code == 302
    draft_b.refresh_from_db()
    assert draft_b.works_done == TYPED and draft_b.status == "done"
    evidence = Evidence.objects.get(report=draft_b)
    assert evidence.title == "Protokol" and not evidence.is_public
    page = client.get(reverse("reports:edit", args=[draft_b.pk])).content.decode()
    assert TYPED in page and "Protokol" in page and "Internal" in page


def test_a_new_report_and_its_link_are_created_by_the_first_save(
    client, staff_b, period, measure_19, agency_b
):
    client.force_login(staff_b)
    client.post(
        start_url(period, measure_19, agency_b),
        {
            "works_done": TYPED,
            "expected_version": 0,
            "action": "save",
            "evidence_url": "https://samux.gov.az/xeber",
            "evidence_visibility": "public",
        },
    )
    report = ProgressReport.objects.get(period=period, measure=measure_19, agency=agency_b)
    assert report.works_done == TYPED
    assert report.evidence.get().url == "https://samux.gov.az/xeber"


def test_a_rejected_file_keeps_the_typed_text_and_shows_one_error_at_the_file_field(
    client, staff_b, draft_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    saved_text, version = draft_b.works_done, draft_b.version
    client.force_login(staff_b)
    response = edit_post(
        client,
        draft_b,
        works_done=TYPED,
        evidence_file=SimpleUploadedFile("script.pdf", b"MZ\x90\x00 not a pdf"),
        evidence_visibility="public",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f">{TYPED}</textarea>" in html  # the text is shown back
    assert error_messages(html) == ["id_evidence_file"]
    assert summary_links(html) == ["#id_evidence_file"]
    # Once in the summary, once at the field.
    assert html.count("Only PDF, DOCX, XLSX, PNG and JPEG files are accepted.") == 2
    assert "Give either a link or a file" not in html
    field = re.search(r'<input type="file"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_evidence_file_helptext id_evidence_file_error"' in field
    # Nothing was saved: neither the text nor the file.
    draft_b.refresh_from_db()
    assert (draft_b.works_done, draft_b.version) == (saved_text, version)
    assert not Evidence.objects.filter(report=draft_b).exists()
    assert not any(tmp_path.rglob("*.*"))


def test_an_empty_new_report_is_refused_and_nothing_is_created(
    client, staff_b, period, measure_19, agency_b
):
    client.force_login(staff_b)
    response = client.post(
        start_url(period, measure_19, agency_b),
        {"works_done": "  ", "status": "", "expected_version": 0, "action": "save"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert summary_links(html) == ["#id_works_done"]
    assert error_messages(html) == ["id_works_done"]
    assert "an empty report is not saved" in html
    assert not ProgressReport.objects.filter(
        period=period, measure=measure_19, agency=agency_b
    ).exists()


def test_submitting_without_text_is_refused_with_what_was_chosen_kept(client, staff_b, draft_b):
    client.force_login(staff_b)
    response = edit_post(
        client, draft_b, works_done="", status="done", evidence_title="Xəbər", action="submit"
    )
    html = response.content.decode()
    draft_b.refresh_from_db()
    assert draft_b.state == "draft" and draft_b.works_done  # nothing saved, nothing submitted
    assert "#id_works_done" in summary_links(html)
    assert "Describe the works done before submitting." in html
    assert '<option value="done" selected>' in html
    assert 'value="Xəbər"' in html


def test_evidence_without_a_visibility_choice_is_asked_for_at_the_radios(
    client, staff_b, draft_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff_b)
    response = edit_post(
        client, draft_b, works_done=TYPED, evidence_file=SimpleUploadedFile("a.pdf", PDF)
    )
    html = response.content.decode()
    assert summary_links(html) == ["#id_evidence_visibility_0"]
    assert "“a.pdf” was not saved: choose it again." in html
    assert f">{TYPED}</textarea>" in html
    assert not Evidence.objects.filter(report=draft_b).exists()


def test_evidence_is_removed_in_the_same_save_as_the_text(
    client, staff_b, draft_b, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff_b)
    edit_post(client, draft_b, evidence_url="https://a.az/x", evidence_visibility="public")
    evidence = Evidence.objects.get(report=draft_b)
    draft_b.refresh_from_db()
    edit_post(client, draft_b, works_done=TYPED, remove_evidence=[evidence.pk])
    draft_b.refresh_from_db()
    assert draft_b.works_done == TYPED
    assert not Evidence.objects.filter(report=draft_b).exists()


def test_another_reports_evidence_cannot_be_removed_through_the_form(
    client, staff_a, staff_b, draft_a, draft_b
):
    from reports import services

    theirs = services.add_evidence(report=draft_a, user=staff_a, url="https://a.az/y")
    client.force_login(staff_b)
    response = edit_post(client, draft_b, remove_evidence=[theirs.pk])
    assert "#id_remove_evidence_0" in summary_links(response.content.decode())
    assert Evidence.objects.filter(pk=theirs.pk).exists()


def test_the_return_form_shows_the_error_summary(client, secretariat_user, draft_b, staff_b):
    from tests.reports.conftest import advance

    advance(draft_b, "submitted", owner=staff_b, secretariat=secretariat_user)
    client.force_login(secretariat_user)
    response = client.post(reverse("reports:return", args=[draft_b.pk]), {"comment": ""})
    html = response.content.decode()
    assert summary_links(html) == ["#id_comment"]
    assert error_messages(html) == ["id_comment"]
    assert 'aria-invalid="true"' in html


def test_the_correction_form_keeps_the_text_when_the_reason_is_missing(
    client, secretariat_user, draft_b, staff_b
):
    from tests.reports.conftest import advance

    advance(draft_b, "published", owner=staff_b, secretariat=secretariat_user)
    client.force_login(secretariat_user)
    response = client.post(
        reverse("reports:correct", args=[draft_b.pk]),
        {"works_done": TYPED, "status": "done", "reason": "", "expected_version": draft_b.version},
    )
    html = response.content.decode()
    assert summary_links(html) == ["#id_reason"]
    assert TYPED in html


def test_a_conflicting_save_keeps_the_evidence_typed_and_asks_for_the_file_again(
    client, staff_b, draft_b, settings, tmp_path
):
    from reports import services

    settings.MEDIA_ROOT = tmp_path
    old_version = draft_b.version
    services.save_report(report=draft_b, user=staff_b, works_done="Həmkarın mətni.")
    client.force_login(staff_b)
    response = edit_post(
        client,
        draft_b,
        works_done=TYPED,
        expected_version=old_version,
        evidence_title="Protokol",
        evidence_file=SimpleUploadedFile("protokol.pdf", PDF),
        evidence_visibility="internal",
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert f">{TYPED}</textarea>" in html and 'value="Protokol"' in html
    assert "“protokol.pdf” was not saved: choose it again." in html
    assert 'data-warn-unsaved="unsaved"' in html
    assert not Evidence.objects.filter(report=draft_b).exists()
