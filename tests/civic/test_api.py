"""The open-data API and its CSV carry activities, assessments and replies; a hidden
assessment keeps only its reason; formula payloads are neutralised in the CSV."""

import csv
import io

import pytest

from civic import services
from tests.civic.test_pages import HOSTILE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_activities_carry_references_as_written_and_figures(client, seeded):
    body = client.get("/api/v1/civil-society/activities/?organisation=aht-platformasi").json()
    assert body["count"] == 12
    by_number = {a["number"]: a for a in body["results"]}
    assert by_number[2]["references"][0]["item"] == "4.1.3"
    assert by_number[2]["references"][0]["plan"] == "open-government-2016-2018"
    other = by_number[9]["references"][1]
    assert other["plan"] is None and other["other_plan"].startswith("MHŞT Çoxtərəfli")
    assert by_number[12]["events"] == 4
    rows = csv_rows(client.get("/api/v1/civil-society/activities/?format=csv"))
    assert len([r for r in rows if r["organisation"] == "aht-platformasi"]) == 12


def test_assessments_and_replies_in_json_and_csv(
    client, published_assessment, staff_a, agency_a, draft_assessment
):
    services.reply_to_assessment(
        user=staff_a,
        assessment=published_assessment,
        agency=agency_a,
        stance="disagrees",
        text=HOSTILE,
    )
    results = client.get("/api/v1/civil-society/assessments/").json()["results"]
    assert [a["id"] for a in results] == [published_assessment.pk]
    assert results[0]["completion"] == "limited"
    assert results[0]["replies"][0]["text"] == HOSTILE
    replies = csv_rows(client.get("/api/v1/civil-society/replies/?format=csv"))
    assert replies[0]["agency"] == "edliyye-nazirliyi"
    # The CSV cell starting with a formula is neutralised; the text stays readable.
    rows = csv_rows(client.get("/api/v1/civil-society/assessments/?format=csv"))
    assert rows[0]["text"] == published_assessment.text
    assert not any(value.startswith(("=", "+", "-", "@")) for r in rows for value in r.values())


def test_a_formula_at_the_start_of_a_text_is_neutralised_in_csv(
    client, member, organisation, measure_68
):
    assessment = services.save_assessment(
        user=member,
        organisation=organisation,
        measure=measure_68,
        year=2023,
        completion="complete",
        opened_government="major",
        text='=HYPERLINK("http://x","y")',
    )
    services.publish_assessment(user=member, assessment=assessment)
    rows = csv_rows(client.get("/api/v1/civil-society/assessments/?format=csv"))
    assert rows[0]["text"].startswith("'=")


def test_a_hidden_assessment_has_its_reason_and_no_text(
    client, published_assessment, secretariat_user
):
    services.hide_assessment(
        user=secretariat_user, assessment=published_assessment, reason="Şəxsi məlumat."
    )
    result = client.get("/api/v1/civil-society/assessments/").json()["results"][0]
    assert result["hidden"] is True and result["hidden_reason"] == "Şəxsi məlumat."
    assert result["text"] == "" and result["completion"] == ""


def test_a_draft_assessment_is_404_like_a_missing_one(client, draft_assessment):
    theirs = client.get(f"/api/v1/civil-society/assessments/{draft_assessment.pk}/")
    missing = client.get("/api/v1/civil-society/assessments/987654321/")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content


def test_replies_to_a_hidden_assessment_leave_the_api(
    client, published_assessment, staff_a, agency_a, secretariat_user
):
    reply = services.reply_to_assessment(
        user=staff_a, assessment=published_assessment, agency=agency_a, stance="agrees", text="B."
    )
    assert client.get(f"/api/v1/civil-society/replies/{reply.pk}/").status_code == 200
    services.hide_assessment(user=secretariat_user, assessment=published_assessment, reason="R.")
    assert client.get(f"/api/v1/civil-society/replies/{reply.pk}/").status_code == 404
