"""The clarification thread on a report: the secretariat and the owning agency only, mailed to
the other side, shown on the report page and in its history, never changing the report and
never public."""

import pytest
from django.urls import reverse

from reports import services
from reports.models import Clarification
from tests.reports.conftest import CANARY, advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

QUESTION = "Tədbirin keçirildiyi tarixi dəqiqləşdirin, zəhmət olmasa."
ANSWER = "Tədbir 12 noyabr 2021-ci ildə keçirilib."


@pytest.fixture
def submitted_a(draft_a, staff_a, secretariat_user):
    return advance(draft_a, "submitted", owner=staff_a, secretariat=secretariat_user)


def test_the_secretariat_asks_and_the_agency_answers_without_changing_the_report(
    client, submitted_a, staff_a, secretariat_user, mailoutbox, django_capture_on_commit_callbacks
):
    before = (submitted_a.works_done, submitted_a.state, submitted_a.version)
    history_before = submitted_a.history.count()
    url = reverse("reports:clarify", args=[submitted_a.pk])
    client.force_login(secretariat_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"text": QUESTION})
    assert response.status_code == 302
    assert response["Location"].endswith("#clarifications")
    assert [m.to for m in mailoutbox] == [["staff_a@example.az"]]
    assert QUESTION in mailoutbox[0].body and "1.9" in mailoutbox[0].subject

    client.force_login(staff_a)
    page = client.get(reverse("reports:detail", args=[submitted_a.pk])).content.decode()
    assert QUESTION in page and "Send to the secretariat" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"text": ANSWER})
    assert mailoutbox[-1].to == [secretariat_user.email]
    assert ANSWER in mailoutbox[-1].body

    submitted_a.refresh_from_db()
    assert (submitted_a.works_done, submitted_a.state, submitted_a.version) == before
    assert submitted_a.history.count() == history_before
    sides = list(Clarification.objects.values_list("by_secretariat", "message"))
    assert sides == [(True, QUESTION), (False, ANSWER)]


def test_the_thread_shows_in_the_history_interleaved_by_time(
    client, draft_a, staff_a, secretariat_user
):
    services.post_clarification(report=draft_a, user=secretariat_user, text=QUESTION)
    report = advance(draft_a, "submitted", owner=staff_a, secretariat=secretariat_user)
    services.post_clarification(report=report, user=staff_a, text=ANSWER)
    client.force_login(staff_a)
    html = client.get(reverse("reports:history", args=[report.pk])).content.decode()
    # Newest first: the answer, the submission, the question, the draft's creation.
    positions = [
        html.index(ANSWER),
        html.index('class="action">submitted'),
        html.index(QUESTION),
        html.index('class="action">created'),
    ]
    assert positions == sorted(positions)
    assert "question or answer from the secretariat" in html


def test_an_empty_message_comes_back_with_the_error_at_the_field(client, submitted_a, staff_a):
    client.force_login(staff_a)
    response = client.post(reverse("reports:clarify", args=[submitted_a.pk]), {"text": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in html and 'href="#id_text"' in html
    assert 'aria-invalid="true"' in html
    assert not Clarification.objects.exists()


def test_a_message_too_long_is_refused_and_kept(client, submitted_a, staff_a):
    client.force_login(staff_a)
    text = "a" * 5001
    response = client.post(reverse("reports:clarify", args=[submitted_a.pk]), {"text": text})
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not Clarification.objects.exists()


def test_another_agency_can_neither_post_nor_read_the_thread(
    client, submitted_a, staff_b, secretariat_user
):
    services.post_clarification(report=submitted_a, user=secretariat_user, text=QUESTION)
    client.force_login(staff_b)
    post = client.post(reverse("reports:clarify", args=[submitted_a.pk]), {"text": ANSWER})
    assert post.status_code == 404
    for name in ("reports:detail", "reports:history"):
        assert client.get(reverse(name, args=[submitted_a.pk])).status_code == 404
    with pytest.raises(services.NotPermitted):
        services.post_clarification(report=submitted_a, user=staff_b, text=ANSWER)
    assert Clarification.objects.count() == 1


def test_anonymous_visitors_are_sent_to_log_in(client, submitted_a):
    response = client.post(reverse("reports:clarify", args=[submitted_a.pk]), {"text": ANSWER})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Clarification.objects.exists()


def test_nothing_of_the_thread_is_public(client, submitted_a, staff_a, secretariat_user):
    services.post_clarification(report=submitted_a, user=secretariat_user, text=QUESTION)
    report = services.accept_report(report=submitted_a, user=secretariat_user)
    report = services.publish_report(report=report, user=secretariat_user)
    services.post_clarification(report=report, user=staff_a, text=ANSWER)
    measure = report.measure
    pages = [
        measure.get_absolute_url(),
        reverse("plans:board", args=[measure.plan.slug]),
        reverse("agencies:detail", args=[report.agency.slug]),
        reverse("plans:search") + "?q=dəqiqləşdirin",
        "/api/v1/reports/?page_size=1000",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert QUESTION not in text and ANSWER not in text, url
    # The report itself is public: its page was read with the thread left out.
    assert CANARY in client.get(measure.get_absolute_url()).content.decode()
