"""Organisation members write only their organisation's drafts: another organisation's
member, agency staff and the secretariat get the same 404 as for a missing id."""

import pytest

from civic import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MISSING = 987654321


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/workspace/civil-society/assessments/{pk}/", "get"),
        ("/workspace/civil-society/assessments/{pk}/", "post"),
        ("/workspace/civil-society/assessments/{pk}/publish/", "post"),
    ],
)
def test_another_organisations_member_gets_the_missing_answer(
    client, draft_assessment, member, other_member, path, method
):
    client.force_login(member)
    assert getattr(client, method)(path.format(pk=draft_assessment.pk)).status_code in (200, 302)
    client.force_login(other_member)
    theirs = getattr(client, method)(path.format(pk=draft_assessment.pk))
    missing = getattr(client, method)(path.format(pk=MISSING))
    assert theirs.status_code == missing.status_code == 404
    assert theirs.content == missing.content


def test_only_the_organisation_answers_its_replies(
    client, published_assessment, staff_a, agency_a, member, other_member
):
    reply = services.reply_to_assessment(
        user=staff_a,
        assessment=published_assessment,
        agency=agency_a,
        stance="agrees",
        text="Bəli.",
    )
    url = f"/workspace/civil-society/replies/{reply.pk}/answer/"
    client.force_login(other_member)
    assert client.get(url).status_code == 404
    client.force_login(member)
    assert client.get(url).status_code == 200
    assert client.post(url, {"text": "Cavabımız."}).status_code == 302
    assert client.get(url).status_code == 409


def test_a_member_cannot_reply_as_an_agency_or_hide(client, published_assessment, member):
    client.force_login(member)
    pk = published_assessment.pk
    assert client.get(f"/workspace/civil-society/assessments/{pk}/reply/").status_code == 404
    assert client.get(f"/workspace/civil-society/assessments/{pk}/hide/").status_code == 404
    assert client.get("/workspace/civil-society/reply-window/").status_code == 404


def test_the_secretariat_sets_the_window_and_hides_through_the_workspace(
    client, published_assessment, secretariat_user, seeded
):
    client.force_login(secretariat_user)
    response = client.post("/workspace/civil-society/reply-window/", {"plan": "", "days": "0"})
    assert (
        response.status_code == 200 and "Ensure this value is greater" in response.content.decode()
    )
    assert client.post("/workspace/civil-society/reply-window/", {"days": "14"}).status_code == 302
    url = f"/workspace/civil-society/assessments/{published_assessment.pk}/hide/"
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert client.post(url, {"reason": "Şəxsi məlumat."}).status_code == 302
    published_assessment.refresh_from_db()
    assert published_assessment.hidden_reason == "Şəxsi məlumat."
