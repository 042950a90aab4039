"""The secretariat's plan import on the web: upload → preview → map names → confirm."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from agencies.models import Agency, AgencyAlias, AgencyCategory
from plans.intake.export import export_plan
from plans.models import Amendment, Measure, Plan, SubItem
from reports.models import PlanUpload
from tests.conftest import OPEN_GOV, enroll_authenticator
from tests.plans.intake_helpers import csv_bytes, xlsx
from tests.plans.test_intake_acceptance import CSO, MISSPELT, rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def upload(client, content: bytes, name="plan.xlsx", **fields):
    data = {"file": SimpleUploadedFile(name, content), **fields}
    return client.post(reverse("reports:intake"), data)


NEW = {"title": "Sınaq planı", "slug": "trial", "start_year": 2022, "end_year": 2024}


def test_officer_uploads_previews_maps_a_name_and_confirms(client, secretariat_user):
    client.force_login(secretariat_user)
    page = client.get(reverse("reports:intake"))
    assert page.status_code == 200
    assert reverse("reports:intake_template", args=["xlsx"]) in page.content.decode()

    response = upload(client, xlsx(rows()), **NEW)
    assert response.status_code == 302
    preview_url = response["Location"]
    page = client.get(preview_url).content.decode()
    assert "Map these names" in page and MISSPELT in page and CSO in page
    assert "7 created" in page and "0 errors" in page
    assert "Season of a year · autumn, 2022" in page  # "By fall 2022" as read
    assert not Plan.objects.filter(slug="trial").exists()  # nothing saved yet

    upload_row = PlanUpload.objects.get()
    justice = Agency.objects.get(slug="edliyye-nazirliyi")
    response = client.post(
        reverse("reports:intake_map_name", args=[upload_row.token]),
        {"name": MISSPELT, "agency": justice.pk},
    )
    assert response.status_code == 302
    assert AgencyAlias.objects.filter(alias=MISSPELT, agency=justice).exists()
    # Neither or both chosen: the error at the form, nothing mapped.
    response = client.post(
        reverse("reports:intake_map_name", args=[upload_row.token]), {"name": CSO}
    )
    assert response.status_code == 200
    assert "Choose an agency or a category" in response.content.decode()
    civil = AgencyCategory.objects.get(code="civil_society")
    client.post(
        reverse("reports:intake_map_name", args=[upload_row.token]),
        {"name": CSO, "category": civil.pk},
    )
    page = client.get(preview_url).content.decode()
    assert "Map these names" not in page

    response = client.post(reverse("reports:intake_confirm", args=[upload_row.token]), {})
    assert response.status_code == 302
    plan = Plan.objects.get(slug="trial")
    assert plan.status == Plan.Status.DRAFT
    assert Measure.objects.filter(plan=plan).count() == 2
    assert SubItem.objects.filter(measure__plan=plan).count() == 3
    page = client.get(preview_url).content.decode()
    assert "7 created, 0 changed" in page
    assert Agency.objects.get(name=CSO).category == civil


def test_a_plan_in_force_asks_for_the_legal_basis_and_records_the_amendment(
    client, secretariat_user, seeded
):
    client.force_login(secretariat_user)
    plan = seeded[OPEN_GOV]
    _, _, content = export_plan(plan, "xlsx")
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "1.1":
            row[header.index("İcra müddəti")].value = "Q4 2022"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, buffer.getvalue(), plan=plan.pk)
    token = PlanUpload.objects.get().token
    page = client.get(response["Location"]).content.decode()
    assert "1 changed" in page and "Q4 2022" in page
    assert "Legal basis" in page

    response = client.post(reverse("reports:intake_confirm", args=[token]), {"reason": "x"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and 'id="id_basis_error"' in body
    assert 'id="id_reason">\nx</textarea>' in body  # nothing typed is lost
    assert not Amendment.objects.exists()

    response = client.post(
        reverse("reports:intake_confirm", args=[token]),
        {"basis": "Sərəncam № 5", "basis_date": "2022-03-01", "reason": "Müddət"},
    )
    assert response.status_code == 302
    amendment = Amendment.objects.get()
    assert amendment.measure.number == "1.1" and amendment.changed_by == secretariat_user
    assert Measure.objects.get(plan=plan, number="1.1").deadline_part == 4


def test_a_file_over_the_limit_is_refused_at_the_field_and_kept_nowhere(client, secretariat_user):
    client.force_login(secretariat_user)
    response = upload(client, b"x" * (20 * 1024 * 1024 + 1), name="big.csv", **NEW)
    assert response.status_code == 200
    assert "limit is 10 MB" in response.content.decode()
    assert not PlanUpload.objects.exists()


def test_a_refused_file_says_why(client, secretariat_user):
    client.force_login(secretariat_user)
    response = upload(
        client, csv_bytes([["Nömrə", "Ad", "Büdcə"], ["1", "P", "5"]]), "p.csv", **NEW
    )
    page = client.get(response["Location"]).content.decode()
    assert "The file cannot be read" in page and "Büdcə" in page
    assert "Save the plan" not in page


def test_row_errors_show_at_their_row_and_nothing_can_be_confirmed(client, secretariat_user):
    client.force_login(secretariat_user)
    data = csv_bytes([["Nömrə", "Ad"], ["1", "P"], ["1.1", "A"], ["1.1", "B"]])
    response = upload(client, data, "p.csv", **NEW)
    page = client.get(response["Location"]).content.decode()
    assert "Row 4" in page and "already on row 3" in page and "Save the plan" not in page
    token = PlanUpload.objects.get().token
    response = client.post(reverse("reports:intake_confirm", args=[token]), {})
    assert response.status_code == 302
    assert PlanUpload.objects.get().state == PlanUpload.State.READY
    assert not Plan.objects.filter(slug="trial").exists()


def test_progress_is_shown_while_the_file_is_read(client, secretariat_user):
    client.force_login(secretariat_user)
    pending = PlanUpload.objects.create(
        user=secretariat_user,
        file_name="big.xlsx",
        content=b"",
        new_plan=NEW,
        state=PlanUpload.State.READING,
        progress_done=1250,
        progress_total=5000,
    )
    page = client.get(reverse("reports:intake_upload", args=[pending.token])).content.decode()
    assert '<progress max="100" value="25">' in page and "1250 of 5000 rows" in page
    assert 'http-equiv="refresh"' in page


def test_another_officers_upload_is_not_found(client, secretariat_user):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    theirs = PlanUpload.objects.create(
        user=secretariat_user, file_name="p.csv", content=b"", new_plan=NEW
    )
    other = UserFactory(username="katib2", is_staff=True)
    other.groups.add(Group.objects.get(name="secretariat"))
    enroll_authenticator(other)
    client.force_login(other)
    assert client.get(reverse("reports:intake")).status_code == 200
    response = client.get(reverse("reports:intake_upload", args=[theirs.token]))
    assert response.status_code == 404
    response = client.post(reverse("reports:intake_confirm", args=[theirs.token]), {})
    assert response.status_code == 404


def test_template_and_export_downloads(client, secretariat_user, seeded):
    client.force_login(secretariat_user)
    response = client.get(reverse("reports:intake_template", args=["csv"]))
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert text.startswith("Nömrə,Üst bənd,Kod,Ad,") and "IV rüb 2023" in text
    response = client.get(reverse("reports:intake_export", args=[OPEN_GOV, "xlsx"]))
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert f"{OPEN_GOV}.xlsx" in response["Content-Disposition"]


def test_a_confirm_refused_by_the_engine_returns_to_the_preview_with_the_reason(
    client, secretariat_user
):
    """Between preview and confirm another plan took the new plan's address: nothing saved."""
    client.force_login(secretariat_user)
    upload(client, xlsx(rows()), **NEW)
    token = PlanUpload.objects.get().token
    Plan.objects.create(title="Other", slug="trial", start_year=2020, end_year=2021)
    response = client.post(reverse("reports:intake_confirm", args=[token]), {})
    assert response.status_code == 302
    assert PlanUpload.objects.get().state == PlanUpload.State.READY
    page = client.get(response["Location"]).content.decode()
    assert "The file could not be saved" in page and "There is a problem" in page
    assert Measure.objects.filter(plan__slug="trial").count() == 0


def test_a_measure_with_reports_cannot_be_removed_by_an_import(
    client, secretariat_user, seeded, draft_a
):
    client.force_login(secretariat_user)
    plan = seeded[OPEN_GOV]
    number = draft_a.measure.number
    _, _, content = export_plan(plan, "csv")
    lines = content.decode("utf-8-sig").split("\r\n")
    kept = [line for line in lines if not line.startswith(f"{number},")]
    assert len(kept) == len(lines) - 1
    response = upload(client, "\r\n".join(kept).encode(), name="plan.csv", plan=plan.pk)
    page = client.get(response["Location"]).content.decode()
    assert f"Measure {number} is not in the file, but agencies have reported on it" in page
    assert "Save the plan" not in page
    client.post(
        reverse("reports:intake_confirm", args=[PlanUpload.objects.get().token]),
        {"basis": "x", "basis_date": "2022-01-01"},
    )
    assert Measure.objects.filter(plan=plan, number=number).exists()


def test_the_import_page_runs_a_fixed_number_of_queries(client, secretariat_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(secretariat_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reports:intake")).status_code == 200
        return len(captured)

    PlanUpload.objects.create(user=secretariat_user, file_name="a.csv", content=b"", new_plan=NEW)
    small = queries()
    for number in range(8):
        PlanUpload.objects.create(
            user=secretariat_user, file_name=f"{number}.csv", content=b"", new_plan=NEW
        )
        Plan.objects.create(title=f"P{number}", slug=f"p{number}", start_year=2020, end_year=2021)
    assert queries() == small
