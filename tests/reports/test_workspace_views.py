"""What agency staff and the secretariat see and do through the pages."""

import io
import zipfile
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Measure
from reports import services
from reports.evidence import DOCX, XLSX
from reports.models import Evidence, ProgressReport
from tests.conftest import OPEN_GOV
from tests.factories import MembershipFactory, UserFactory
from tests.reports.conftest import advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def page(response) -> str:
    return response.content.decode()


@time_machine.travel(date(2022, 1, 20), tick=False)
def test_workspace_shows_what_samux_owes_with_state_and_days_left(client, staff_b, draft_b):
    client.force_login(staff_b)
    html = page(client.get(reverse("reports:workspace")))
    for number in ["1.6", "1.9", "4.1", "4.3", "5.4", "5.5", "5.6", "6.3"]:
        assert f'<span class="number">{number}</span>' in html
    assert "31.01.2022" in html
    assert "11 days left" in html
    # Eleven days before the due date nothing is missing yet: not started.
    assert "state-draft" in html and "state-not_started" in html
    assert "state-missing" not in html
    assert "Ədliyyə" not in html


@time_machine.travel(date(2022, 2, 3), tick=False)
def test_workspace_filters_by_state_and_marks_overdue(client, staff_b, draft_b):
    client.force_login(staff_b)
    html = page(client.get(reverse("reports:workspace"), {"state": "draft"}))
    assert html.count('class="number"') == 1
    assert "overdue by 3 days" in html


def test_workspace_filters_by_plan(client, staff_b, period, seeded, secretariat_user):
    services.open_period(
        plan=seeded["anti-corruption-2022-2026"], year=2025, due_date=None, user=secretariat_user
    )
    client.force_login(staff_b)
    everything = page(client.get(reverse("reports:workspace")))
    only_open_gov = page(client.get(reverse("reports:workspace"), {"plan": period.plan.pk}))
    assert "2025" in everything and "2025" not in only_open_gov


def test_agency_saves_a_draft_then_submits_through_the_form(client, staff_b, period, agency_b):
    measure = Measure.objects.get(plan__slug=OPEN_GOV, number="4.1")
    client.force_login(staff_b)
    start = reverse("reports:start", args=[period.pk, measure.pk, agency_b.pk])
    text = "Birinci abzas.\n\nİkinci abzas."
    response = client.post(
        start,
        {"works_done": text, "status": "in_progress", "expected_version": 0, "action": "save"},
    )
    report = ProgressReport.objects.get(period=period, measure=measure, agency=agency_b)
    assert response.status_code == 302 and report.state == "draft"
    assert report.works_done == text and report.paragraphs == ["Birinci abzas.", "İkinci abzas."]
    edit = reverse("reports:edit", args=[report.pk])
    response = client.post(
        edit,
        {
            "works_done": text,
            "status": "done",
            "expected_version": report.version,
            "action": "submit",
        },
    )
    report.refresh_from_db()
    assert report.state == "submitted" and report.status == "done"
    # Submitted: read-only for the agency; the edit page answers 409 with the reason (as the
    # API does) and a post changes nothing.
    refused = client.get(edit)
    assert refused.status_code == 409
    assert "A submitted report cannot be changed by the agency." in refused.content.decode()
    assert (
        client.post(
            edit, {"works_done": "x", "expected_version": report.version, "action": "save"}
        ).status_code
        == 409
    )
    report.refresh_from_db()
    assert report.works_done == text
    assert "Edit" not in page(client.get(reverse("reports:detail", args=[report.pk])))


def test_submit_without_works_done_keeps_the_draft_and_says_why(client, staff_b, draft_b):
    client.force_login(staff_b)
    response = client.post(
        reverse("reports:edit", args=[draft_b.pk]),
        {
            "works_done": "",
            "status": "",
            "expected_version": draft_b.version,
            "action": "submit",
        },
        follow=True,
    )
    draft_b.refresh_from_db()
    assert draft_b.state == "draft"
    assert "Describe the works done before submitting." in page(response)


def test_returned_report_shows_the_comment_and_can_be_fixed(
    client, staff_b, draft_b, secretariat_user
):
    advance(draft_b, "returned", owner=staff_b, secretariat=secretariat_user)
    client.force_login(staff_b)
    html = page(client.get(reverse("reports:edit", args=[draft_b.pk])))
    assert "Returned by the secretariat" in html and "Fix the dates." in html


def test_secretariat_reviews_returns_accepts_and_publishes_through_the_pages(
    client, secretariat_user, staff_b, draft_b
):
    report = services.submit_report(report=draft_b, user=staff_b)
    client.force_login(secretariat_user)
    queue = page(client.get(reverse("reports:review")))
    assert reverse("reports:detail", args=[report.pk]) in queue
    # A return without a comment is refused.
    response = client.post(reverse("reports:return", args=[report.pk]), {"comment": ""})
    assert response.status_code == 200
    assert ProgressReport.objects.get(pk=report.pk).state == "submitted"
    client.post(reverse("reports:return", args=[report.pk]), {"comment": "Tarixi yazın."})
    report.refresh_from_db()
    assert report.state == "returned" and report.review_comment == "Tarixi yazın."
    services.submit_report(report=report, user=staff_b)
    client.post(reverse("reports:accept", args=[report.pk]))
    assert ProgressReport.objects.get(pk=report.pk).state == "accepted"
    client.post(reverse("reports:publish_period", args=[report.period_id]))
    assert ProgressReport.objects.get(pk=report.pk).state == "published"
    measure_page = page(client.get(report.measure.get_absolute_url()))
    assert "etik davranış qaydalarına dair maarifləndirmə" in measure_page


def test_correction_through_the_page_needs_a_reason(client, secretariat_user, staff_b, draft_b):
    report = advance(draft_b, "published", owner=staff_b, secretariat=secretariat_user)
    client.force_login(secretariat_user)
    url = reverse("reports:correct", args=[report.pk])
    response = client.post(
        url,
        {"works_done": "Yeni.", "status": "done", "reason": "", "expected_version": report.version},
    )
    assert response.status_code == 200
    assert ProgressReport.objects.get(pk=report.pk).works_done == report.works_done
    client.post(
        url,
        {
            "works_done": "Yeni.",
            "status": "done",
            "reason": "Typo",
            "expected_version": report.version,
        },
    )
    history = page(client.get(reverse("reports:history", args=[report.pk])))
    assert "corrected" in history and "Typo" in history
    assert "<del>" in history and "<ins>Yeni.</ins>" in history


def test_history_shows_who_when_and_what_changed(client, staff_b, draft_b, secretariat_user):
    services.save_report(
        report=draft_b,
        user=staff_b,
        works_done="Tamamilə yeni mətn.",
        status="done",
        expected_version=draft_b.version,
    )
    client.force_login(staff_b)
    html = page(client.get(reverse("reports:history", args=[draft_b.pk])))
    assert "staff_b" in html and "saved" in html and "created" in html
    assert "<ins>" in html and "implementation status" in html


def test_form_offers_last_years_text_and_shows_what_changed(
    client, staff_b, agency_b, secretariat_user, seeded
):
    # Samux's 2022 report (seed 004) is last year's for a 2023 period of the same plan.
    plan = seeded[OPEN_GOV]
    plan.end_year = 2023
    plan.save()
    measure = Measure.objects.get(plan=plan, number="1.9")
    measure.end_year = 2023
    measure.save()
    period = services.open_period(plan=plan, year=2023, due_date=None, user=secretariat_user)
    last_year = ProgressReport.objects.get(measure=measure, agency=agency_b, period__year=2022)
    client.force_login(staff_b)
    start = reverse("reports:start", args=[period.pk, measure.pk, agency_b.pk])
    html = page(client.get(start))
    assert "Your published report of 2022" in html and "Start from the 2022 text" in html
    prefilled = page(client.get(start, {"start_from": "previous"}))
    assert last_year.works_done.split("\n")[0][:40] in prefilled.split("<textarea")[1]
    client.post(
        start,
        {
            "works_done": last_year.works_done + "\nYeni cümlə 2023.",
            "status": "done",
            "expected_version": 0,
            "action": "save",
        },
    )
    report = ProgressReport.objects.get(measure=measure, agency=agency_b, period=period)
    html = page(client.get(reverse("reports:edit", args=[report.pk])))
    assert "What changed against 2022" in html and "<ins>" in html and "2023.</ins>" in html


# --- concurrent edits -----------------------------------------------------------------------


def test_second_of_two_concurrent_saves_is_refused_and_both_texts_are_kept(
    client, staff_b, agency_b, draft_b
):
    colleague = MembershipFactory(user=UserFactory(username="staff_b2"), agency=agency_b).user
    edit = reverse("reports:edit", args=[draft_b.pk])
    loaded_version = draft_b.version
    # Both open the form at the same version; the colleague saves first.
    other = client.__class__()
    other.force_login(colleague)
    other.post(
        edit,
        {
            "works_done": "Həmkarın mətni.",
            "status": "done",
            "expected_version": loaded_version,
            "action": "save",
        },
    )
    client.force_login(staff_b)
    response = client.post(
        edit,
        {
            "works_done": "Mənim mətnim.",
            "status": "partial",
            "expected_version": loaded_version,
            "action": "save",
        },
    )
    assert response.status_code == 409
    html = page(response)
    assert "changed by someone else" in html
    assert "Həmkarın mətni." in html  # theirs, shown
    assert ">Mənim mətnim.</textarea>" in html  # yours, still in the form
    draft_b.refresh_from_db()
    assert draft_b.works_done == "Həmkarın mətni."  # never silently overwritten
    # The form now carries the saved version, so a merged save goes through.
    merged_version = draft_b.version
    assert f'name="expected_version" value="{merged_version}"' in html
    client.post(
        edit,
        {
            "works_done": "Həmkarın mətni.\n\nMənim mətnim.",
            "status": "done",
            "expected_version": merged_version,
            "action": "save",
        },
    )
    draft_b.refresh_from_db()
    assert draft_b.works_done == "Həmkarın mətni.\n\nMənim mətnim."
    texts = [v.works_done for v in draft_b.history.order_by("history_date")]
    assert "Həmkarın mətni." in texts


def test_stale_version_carries_both_texts(staff_b, draft_b):
    services.save_report(
        report=draft_b, user=staff_b, works_done="first", expected_version=draft_b.version
    )
    with pytest.raises(services.StaleVersion) as stale:
        services.save_report(
            report=draft_b, user=staff_b, works_done="second", expected_version=draft_b.version - 1
        )
    assert stale.value.current_works_done == "first"
    assert stale.value.yours_works_done == "second"
    assert ProgressReport.objects.get(pk=draft_b.pk).works_done == "first"


def test_a_stale_in_memory_report_cannot_overwrite_a_newer_save(staff_b, draft_b):
    """Without an expected version, the compare-and-set on the row still refuses a lost update."""
    stale_copy = ProgressReport.objects.get(pk=draft_b.pk)
    services.save_report(report=draft_b, user=staff_b, works_done="newer", expected_version=None)
    stale_copy.works_done = "older"
    stale_copy.updated_by = staff_b
    with pytest.raises(services.StaleVersion):
        services._write(stale_copy, staff_b, "saved", {"works_done"})
    assert ProgressReport.objects.get(pk=draft_b.pk).works_done == "newer"


# --- evidence -------------------------------------------------------------------------------


def office_file(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/x" ContentType="{main_part}"/></Types>',
        )
    return buffer.getvalue()


def word_document() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def excel_workbook() -> bytes:
    import openpyxl

    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("a.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("a.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        ("a.jpg", b"\xff\xd8\xff\xe0....", "image/jpeg"),
        (
            "a.docx",
            office_file(DOCX_MAIN),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "a.xlsx",
            office_file(XLSX_MAIN),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        # Real files as Word and Excel write them.
        ("report.docx", word_document(), DOCX),
        ("table.xlsx", excel_workbook(), XLSX),
        # The type comes from the content: a PDF named .png is stored as a PDF.
        ("disguised.png", b"%PDF-1.4 ...", "application/pdf"),
        ("named-like-a.pdf", excel_workbook(), XLSX),
    ],
)
def test_accepted_evidence_types(
    client, staff_b, draft_b, settings, tmp_path, name, content, content_type
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff_b)
    client.post(
        reverse("reports:add_evidence", args=[draft_b.pk]),
        {"file": SimpleUploadedFile(name, content), "title": ""},
    )
    evidence = Evidence.objects.get(report=draft_b)
    assert evidence.content_type == content_type
    assert (tmp_path / evidence.file.name).is_file()
    download = client.get(reverse("reports:evidence_file", args=[draft_b.pk, evidence.pk]))
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("script.pdf", b"MZ\x90\x00 not a pdf"),
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("macro.docx", office_file("application/vnd.ms-word.document.macroEnabled.main+xml")),
        ("broken.xlsx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_refused_evidence_types(client, staff_b, draft_b, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff_b)
    response = client.post(
        reverse("reports:add_evidence", args=[draft_b.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert "Only PDF, DOCX, XLSX, PNG and JPEG files are accepted." in page(response)
    assert not Evidence.objects.filter(report=draft_b).exists()
    assert not any(tmp_path.rglob("*.*"))


def test_evidence_over_10_mb_is_refused(client, staff_b, draft_b, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(staff_b)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    response = client.post(
        reverse("reports:add_evidence", args=[draft_b.pk]), {"file": big}, follow=True
    )
    assert "larger than 10 MB" in page(response)
    assert not Evidence.objects.filter(report=draft_b).exists()


def test_evidence_links_are_kept(client, staff_b, draft_b):
    client.force_login(staff_b)
    client.post(
        reverse("reports:add_evidence", args=[draft_b.pk]),
        {"url": "https://samux.gov.az/etik", "title": "Xəbər"},
    )
    assert Evidence.objects.get(report=draft_b).url == "https://samux.gov.az/etik"


def test_evidence_is_stored_outside_the_static_root_and_has_no_public_url(
    client, staff_b, draft_b, settings, tmp_path
):
    media = settings.MEDIA_ROOT.resolve()
    assert settings.STATIC_ROOT.resolve() not in [media, *media.parents]
    assert all(
        static.resolve() not in [media, *media.parents] for static in settings.STATICFILES_DIRS
    )
    settings.MEDIA_ROOT = tmp_path
    evidence = services.add_evidence(
        report=draft_b, user=staff_b, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4")
    )
    for url in [
        "/" + evidence.file.name,
        "/private_media/" + evidence.file.name,
        "/media/" + evidence.file.name,
        "/static/" + evidence.file.name,
    ]:
        assert client.get(url).status_code == 404, url


# --- compliance -----------------------------------------------------------------------------


@time_machine.travel(date(2022, 1, 10), tick=False)
def test_compliance_table_and_csv(client, secretariat_user, staff_b, draft_b, agency_b):
    services.submit_report(report=draft_b, user=staff_b)
    client.force_login(secretariat_user)
    html = page(client.get(reverse("reports:compliance", args=[draft_b.period_id])))
    assert agency_b.name_en in html  # the page in the reader's language; the CSV as official
    csv_text = client.get(
        reverse("reports:compliance_csv", args=[draft_b.period_id])
    ).content.decode("utf-8-sig")
    lines = csv_text.splitlines()
    assert lines[0].startswith("Agency,Expected,Handed in,On time,Missing,Not yet due,Returned")
    samux = next(line for line in lines if line.startswith(agency_b.name))
    # Three weeks before the due date the other seven are not yet due, not missing.
    assert samux.split(",")[1:7] == ["8", "1", "1", "0", "7", "0"]


def test_review_queue_filters_by_plan_year_agency_and_state(
    client, secretariat_user, staff_a, staff_b, draft_a, draft_b, seeded
):
    services.submit_report(report=draft_a, user=staff_a)
    client.force_login(secretariat_user)
    url = reverse("reports:review")
    a_link = reverse("reports:detail", args=[draft_a.pk])
    b_link = reverse("reports:detail", args=[draft_b.pk])

    def shows(**query):
        html = page(client.get(url, query))
        return (a_link in html, b_link in html)

    assert shows() == (True, False)  # by default: waiting for review
    assert shows(state="all") == (True, True)
    assert shows(state="draft") == (False, True)
    assert shows(state="all", agency="samux-rayon-icra-hakimiyyeti") == (False, True)
    assert shows(state="all", year=2021) == (True, True)
    other_year = ProgressReport.objects.exclude(period__year=2021).first().period.year
    assert shows(state="all", year=other_year) == (False, False)
    assert shows(state="all", plan=seeded["anti-corruption-2022-2026"].pk) == (False, False)
