"""The submission API: agency systems save and submit their own reports with a token."""

import pytest

from reports.models import ProgressReport
from tests.api.conftest import DRAFT_CANARY

pytestmark = pytest.mark.django_db

URL = "/api/v1/workspace/reports/"


def test_agency_system_creates_a_draft_and_reads_its_version(api_a, period, measure_19):
    response = api_a.post(
        URL,
        {
            "measure": measure_19.pk,
            "period": period.pk,
            "works_done": "Hazırlanır.",
            "status": "in_progress",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["state"] == "draft" and body["version"] == 1 and body["agency"] == "edliyye-nazirliyi"
    )
    assert response["ETag"] == '"1"'
    report = ProgressReport.objects.get(pk=body["id"])
    assert report.works_done == "Hazırlanır." and report.updated_by.username == "staff_a"
    assert report.history.first().history_user.username == "staff_a"
    again = api_a.get(f"{URL}{body['id']}/")
    assert again.status_code == 200 and again["ETag"] == '"1"'


def test_a_second_report_on_the_same_measure_and_period_is_a_conflict(api_a, draft_a):
    response = api_a.post(
        URL,
        {"measure": draft_a.measure_id, "period": draft_a.period_id, "works_done": "İkinci"},
        format="json",
    )
    assert response.status_code == 409
    assert str(draft_a.pk) in response.json()["detail"]


def test_invalid_input_answers_400_with_field_messages(api_a, period, measure_19):
    response = api_a.post(
        URL, {"measure": measure_19.pk, "period": period.pk, "status": "bitib"}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"works_done", "status"}
    assert all(isinstance(messages, list) and messages for messages in errors.values())


def test_measure_the_agency_does_not_owe_answers_404(api_a, period, agency_a):
    from reports.obligations import is_obliged

    not_owed = next(
        measure
        for measure in period.plan.measures.order_by("sort_key")
        if measure.is_active_in(2021) and not is_obliged(period, measure, agency_a)
    )
    response = api_a.post(
        URL, {"measure": not_owed.pk, "period": period.pk, "works_done": "x"}, format="json"
    )
    assert response.status_code == 404
    assert not ProgressReport.objects.filter(measure=not_owed, period=period).exists()


def test_update_without_if_match_is_428_and_changes_nothing(api_a, draft_a):
    response = api_a.patch(f"{URL}{draft_a.pk}/", {"works_done": "Yeni"}, format="json")
    assert response.status_code == 428
    draft_a.refresh_from_db()
    assert DRAFT_CANARY in draft_a.works_done and draft_a.version == 1


def test_stale_if_match_is_412_and_leaves_the_report_unchanged(api_a, draft_a, staff_a):
    from reports import services

    services.save_report(
        report=draft_a,
        user=staff_a,
        works_done="Başqa pəncərədən",
        status="",
        expected_version=1,
    )
    response = api_a.patch(
        f"{URL}{draft_a.pk}/",
        {"works_done": "Köhnə versiyadan"},
        format="json",
        HTTP_IF_MATCH='"1"',
    )
    assert response.status_code == 412
    assert "2" in response.json()["detail"]
    draft_a.refresh_from_db()
    assert draft_a.works_done == "Başqa pəncərədən" and draft_a.version == 2
    submit = api_a.post(f"{URL}{draft_a.pk}/submit/", HTTP_IF_MATCH='"1"')
    assert submit.status_code == 412
    draft_a.refresh_from_db()
    assert draft_a.state == "draft"


def test_update_with_the_current_version_saves_and_bumps_it(api_a, draft_a):
    response = api_a.patch(
        f"{URL}{draft_a.pk}/", {"status": "partial"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200, response.content
    assert response["ETag"] == '"2"'
    draft_a.refresh_from_db()
    assert draft_a.status == "partial" and DRAFT_CANARY in draft_a.works_done


def test_submit_hands_the_report_over_and_then_it_cannot_be_changed(api_a, draft_a):
    response = api_a.post(f"{URL}{draft_a.pk}/submit/", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "submitted"
    assert response["ETag"] == '"2"'
    change = api_a.patch(
        f"{URL}{draft_a.pk}/", {"works_done": "Sonradan"}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert change.status_code == 409
    draft_a.refresh_from_db()
    assert draft_a.state == "submitted" and DRAFT_CANARY in draft_a.works_done


def test_submitting_without_works_done_is_400_on_the_field(api_a, draft_a, staff_a):
    from reports import services

    services.save_report(report=draft_a, user=staff_a, works_done="", expected_version=1)
    response = api_a.post(f"{URL}{draft_a.pk}/submit/", HTTP_IF_MATCH='"2"')
    assert response.status_code == 400
    assert list(response.json()) == ["works_done"]


def test_another_agencys_report_is_404_like_a_missing_one(api_b, draft_a):
    missing = 987654321
    for method, suffix, kwargs in [
        ("get", "", {}),
        ("patch", "", {"data": {"works_done": "x"}, "format": "json", "HTTP_IF_MATCH": '"1"'}),
        ("post", "submit/", {"HTTP_IF_MATCH": '"1"'}),
    ]:
        theirs = getattr(api_b, method)(f"{URL}{draft_a.pk}/{suffix}", **kwargs)
        nothing = getattr(api_b, method)(f"{URL}{missing}/{suffix}", **kwargs)
        assert theirs.status_code == nothing.status_code == 404
        assert theirs.content == nothing.content
    listed = api_b.get(URL, {"format": "json"})
    assert draft_a.pk not in {r["id"] for r in listed.json()["results"]}
    assert DRAFT_CANARY not in listed.content.decode()
    draft_a.refresh_from_db()
    assert draft_a.version == 1 and draft_a.state == "draft"


def test_an_agency_cannot_create_a_report_for_another_agency(api_b, period, measure_19):
    response = api_b.post(
        URL,
        {
            "measure": measure_19.pk,
            "period": period.pk,
            "works_done": "x",
            "agency": "edliyye-nazirliyi",
        },
        format="json",
    )
    assert response.status_code == 404
    assert not ProgressReport.objects.filter(agency__slug="edliyye-nazirliyi", period=period)


def test_own_agency_lists_its_drafts(api_a, draft_a):
    listed = api_a.get(URL, {"state": "draft"})
    assert [r["id"] for r in listed.json()["results"]] == [draft_a.pk]
    assert DRAFT_CANARY in listed.json()["results"][0]["works_done"]


def test_the_submission_api_needs_a_token(api, client, staff_a, draft_a):
    assert api.get(URL).status_code == 401
    assert api.post(f"{URL}{draft_a.pk}/submit/", HTTP_IF_MATCH='"1"').status_code == 401
    # A browser session is not enough: a page on another site could otherwise ride on it.
    client.force_login(staff_a)
    assert client.post(f"{URL}{draft_a.pk}/submit/", HTTP_IF_MATCH='"1"').status_code == 401
    draft_a.refresh_from_db()
    assert draft_a.state == "draft"
