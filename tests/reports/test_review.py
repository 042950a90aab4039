"""The secretariat's review: a resubmission's return note and diff, the queue's filters and
order, next in queue after each action, bulk accept and publish with a confirmation, and the
daily digest (frozen clock, each digest once)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import services
from reports.models import ProgressReport, ReviewDigest
from reports.obligations import obligations_for_period
from tests.reports.conftest import advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BAKU = ZoneInfo("Asia/Baku")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def page(response) -> str:
    return response.content.decode()


def file_submitted(period, agency, user, count: int, skip: int = 0) -> list[ProgressReport]:
    reports = []
    for obligation in obligations_for_period(period, [agency])[skip : skip + count]:
        report = services.save_report(
            measure=obligation.measure,
            agency=agency,
            period=period,
            user=user,
            works_done=f"Hesabat {obligation.measure.number}.",
        )
        reports.append(services.submit_report(report=report, user=user))
    return reports


def state(report) -> str:
    return ProgressReport.objects.get(pk=report.pk).state


# --- a resubmission -------------------------------------------------------------------------


def test_a_resubmission_shows_the_return_note_and_the_diff_since_the_return(
    client, secretariat_user, staff_b, draft_b
):
    report = advance(draft_b, "returned", owner=staff_b, secretariat=secretariat_user)
    services.save_report(
        report=report,
        user=staff_b,
        works_done=report.works_done.replace("maarifləndirmə", "seminar") + " 12 mart.",
        status="done",
    )
    services.submit_report(report=report, user=staff_b)
    client.force_login(secretariat_user)
    html = page(client.get(reverse("reports:detail", args=[report.pk])))
    assert "Resubmitted after return on" in html
    assert "Fix the dates." in html
    assert "<del>maarifləndirmə</del>" in html and "<ins>seminar</ins>" in html
    assert "12 mart.</ins>" in html


def test_a_first_submission_shows_no_return_note(client, secretariat_user, staff_b, draft_b):
    report = advance(draft_b, "submitted", owner=staff_b, secretariat=secretariat_user)
    client.force_login(secretariat_user)
    assert "Resubmitted after return" not in page(
        client.get(reverse("reports:detail", args=[report.pk]))
    )


def test_agency_staff_do_not_see_the_secretariats_resubmission_view(
    client, secretariat_user, staff_b, draft_b
):
    report = advance(draft_b, "returned", owner=staff_b, secretariat=secretariat_user)
    services.submit_report(report=report, user=staff_b)
    client.force_login(staff_b)
    assert "Resubmitted after return" not in page(
        client.get(reverse("reports:detail", args=[report.pk]))
    )


# --- next in queue --------------------------------------------------------------------------


def test_accept_goes_to_the_next_submitted_report_of_the_same_queue(
    client, secretariat_user, period, staff_a, agency_a, staff_b, agency_b
):
    first, second = file_submitted(period, agency_a, staff_a, 2)
    samux = file_submitted(period, agency_b, staff_b, 1)[0]
    client.force_login(secretariat_user)
    filters = {"agency": agency_a.slug}
    response = client.post(reverse("reports:accept", args=[first.pk]), filters)
    assert state(first) == "accepted"
    assert response["Location"] == (
        reverse("reports:detail", args=[second.pk]) + f"?agency={agency_a.slug}"
    )
    # The last one of the filtered queue: back to the queue, saying so; Samux's is not next.
    response = client.post(reverse("reports:accept", args=[second.pk]), filters, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:review") + f"?agency={agency_a.slug}"
    assert "No report is left waiting in this queue." in page(response)
    assert state(samux) == "submitted"


def test_return_and_publish_go_to_the_next_in_queue(
    client, secretariat_user, period, staff_a, agency_a
):
    first, second, third = file_submitted(period, agency_a, staff_a, 3)
    client.force_login(secretariat_user)
    response = client.post(reverse("reports:return", args=[first.pk]), {"comment": "Tarix?"})
    assert state(first) == "returned"
    assert response["Location"] == reverse("reports:detail", args=[second.pk])
    # A queue of accepted reports: publishing one leads to the next accepted one.
    for report in (second, third):
        services.accept_report(report=report, user=secretariat_user)
    response = client.post(reverse("reports:publish", args=[second.pk]), {"state": "accepted"})
    assert state(second) == "published"
    assert response["Location"] == reverse("reports:detail", args=[third.pk]) + "?state=accepted"


def test_a_refused_action_stays_on_the_report(client, secretariat_user, staff_b, draft_b):
    client.force_login(secretariat_user)
    response = client.post(reverse("reports:accept", args=[draft_b.pk]), {"year": "2021"})
    assert response["Location"] == reverse("reports:detail", args=[draft_b.pk]) + "?year=2021"
    assert state(draft_b) == "draft"


# --- the queue ------------------------------------------------------------------------------


def count_queries(client, url, query) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, query).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query",
    [{}, {"year": "2021", "state": "submitted"}, {"agency": "edliyye-nazirliyi", "state": "all"}],
)
def test_the_filtered_queue_runs_a_fixed_number_of_queries(
    client, secretariat_user, period, staff_a, agency_a, query
):
    client.force_login(secretariat_user)
    url = reverse("reports:review")
    file_submitted(period, agency_a, staff_a, 1)
    small = count_queries(client, url, {**query, "plan": period.plan_id})
    file_submitted(period, agency_a, staff_a, 12, skip=1)
    large = count_queries(client, url, {**query, "plan": period.plan_id})
    assert large == small


def test_the_queue_marks_resubmissions_and_offers_bulk_actions(
    client, secretariat_user, staff_b, draft_b
):
    report = advance(draft_b, "returned", owner=staff_b, secretariat=secretariat_user)
    services.submit_report(report=report, user=staff_b)
    client.force_login(secretariat_user)
    html = page(client.get(reverse("reports:review")))
    assert "resubmitted" in html
    assert f'name="report" value="{report.pk}"' in html
    assert 'name="select_all"' in html and 'value="accept"' in html and 'value="publish"' in html


# --- bulk accept and publish ----------------------------------------------------------------


def test_bulk_accept_lists_what_will_happen_then_accepts_each_with_its_history(
    client, secretariat_user, period, staff_a, agency_a, draft_b
):
    reports = file_submitted(period, agency_a, staff_a, 3)
    client.force_login(secretariat_user)
    url = reverse("reports:bulk_review")
    on_page = [r.pk for r in reports] + [draft_b.pk]
    confirm = client.get(url, {"action": "accept", "select_all": "on", "on_page": on_page})
    html = page(confirm)
    assert "3 reports will be accepted." in html
    for report in reports:
        assert f'value="{report.pk}:{report.version}"' in html
    # The draft is selected but cannot be accepted: listed as left as it is, not posted.
    assert "1 selected report is left as it is" in html
    assert f'value="{draft_b.pk}:' not in html
    items = [f"{r.pk}:{r.version}" for r in reports]
    response = client.post(url, {"action": "accept", "item": items}, follow=True)
    assert "3 reports accepted." in page(response)
    for report in reports:
        assert state(report) == "accepted"
        latest = ProgressReport.objects.get(pk=report.pk).history.latest("history_date")
        assert latest.history_change_reason == "accepted"
    assert state(draft_b) == "draft"


def test_bulk_accept_refuses_a_report_changed_since_the_confirmation(
    client, secretariat_user, period, staff_a, agency_a
):
    first, second = file_submitted(period, agency_a, staff_a, 2)
    stale = f"{second.pk}:{second.version}"
    services.return_report(report=second, user=secretariat_user, comment="Yox.")
    client.force_login(secretariat_user)
    response = client.post(
        reverse("reports:bulk_review"),
        {"action": "accept", "item": [f"{first.pk}:{first.version}", stale]},
        follow=True,
    )
    html = page(response)
    assert "1 report accepted." in html and "Not done:" in html
    assert state(first) == "accepted" and state(second) == "returned"


def test_bulk_publish_lists_the_evidence_that_becomes_public(
    client, secretariat_user, staff_a, draft_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    services.add_evidence(
        report=draft_a, user=staff_a, file=SimpleUploadedFile("plan.png", PNG), title="Tədbir planı"
    )
    services.add_evidence(
        report=draft_a,
        user=staff_a,
        file=SimpleUploadedFile("list.png", PNG),
        title="İştirakçıların siyahısı",
        is_public=False,
    )
    report = advance(draft_a, "accepted", owner=staff_a, secretariat=secretariat_user)
    client.force_login(secretariat_user)
    url = reverse("reports:bulk_review")
    html = page(client.get(url, {"action": "publish", "report": [report.pk]}))
    assert "1 report will be published" in html
    public, internal = html.index("Tədbir planı"), html.index("İştirakçıların siyahısı")
    assert html.index("Files and links that become public") < public < html.index("Stay internal")
    assert html.index("Stay internal") < internal
    client.post(url, {"action": "publish", "item": [f"{report.pk}:{report.version}"]})
    assert state(report) == "published"


def test_bulk_review_without_a_choice_goes_back_to_the_queue(client, secretariat_user):
    client.force_login(secretariat_user)
    response = client.get(reverse("reports:bulk_review"), {"action": "accept", "state": "all"})
    assert response["Location"] == reverse("reports:review") + "?state=all"
    response = client.post(reverse("reports:bulk_review"), {"action": "accept", "item": "x"})
    assert response.status_code == 302


@pytest.mark.parametrize("method", ["get", "post"])
def test_agency_staff_cannot_bulk_accept_even_their_own_reports(
    client, staff_b, draft_b, secretariat_user, method
):
    report = advance(draft_b, "submitted", owner=staff_b, secretariat=secretariat_user)
    client.force_login(staff_b)
    url = reverse("reports:bulk_review")
    if method == "get":
        response = client.get(url, {"action": "accept", "report": [report.pk]})
    else:
        response = client.post(url, {"action": "accept", "item": [f"{report.pk}:{report.version}"]})
    assert response.status_code == 404
    assert state(report) == "submitted"


# --- the daily digest -----------------------------------------------------------------------


def test_the_digest_mails_the_secretariat_what_came_in_once(
    secretariat_user, period, staff_a, agency_a, staff_b, draft_b, mailoutbox
):
    with time_machine.travel(datetime(2022, 1, 10, 15, 0, tzinfo=BAKU), tick=False):
        first = file_submitted(period, agency_a, staff_a, 2)
    with time_machine.travel(datetime(2022, 1, 11, 8, 0, tzinfo=BAKU), tick=False):
        call_command("send_digest")
        call_command("send_digest")  # the same day again: nothing more
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [secretariat_user.email]
    assert "2 reports came in for review" in message.subject
    for report in first:
        assert f"{agency_a.name} · {report.measure.number}" in message.body
    assert "/workspace/review/" in message.body
    assert "1.9" not in message.body or first[0].measure.number == "1.9"
    with time_machine.travel(datetime(2022, 1, 11, 12, 0, tzinfo=BAKU), tick=False):
        services.submit_report(report=draft_b, user=staff_b)
    with time_machine.travel(datetime(2022, 1, 12, 8, 0, tzinfo=BAKU), tick=False):
        call_command("send_digest")
    assert len(mailoutbox) == 2
    second = mailoutbox[1].body
    assert "Samux" in second and agency_a.name not in second
    assert list(ReviewDigest.objects.values_list("report_count", flat=True)) == [1, 2]


def test_no_digest_when_nothing_came_in(secretariat_user, period, mailoutbox):
    with time_machine.travel(datetime(2022, 1, 11, 8, 0, tzinfo=BAKU), tick=False):
        call_command("send_digest")
    assert mailoutbox == [] and not ReviewDigest.objects.exists()


def test_the_digest_goes_to_the_secretariat_only(
    secretariat_user, period, staff_a, agency_a, mailoutbox
):
    with time_machine.travel(datetime(2022, 1, 10, 15, 0, tzinfo=BAKU), tick=False):
        file_submitted(period, agency_a, staff_a, 1)
    with time_machine.travel(datetime(2022, 1, 11, 8, 0, tzinfo=BAKU), tick=False):
        call_command("send_digest")
    assert [m.to for m in mailoutbox] == [[secretariat_user.email]]


def test_from_a_list_of_all_states_the_next_is_the_submitted_report_waiting_longest(
    client, secretariat_user, period, staff_a, agency_a
):
    first, second = file_submitted(period, agency_a, staff_a, 2)
    client.force_login(secretariat_user)
    response = client.post(reverse("reports:accept", args=[second.pk]), {"state": "all"})
    assert response["Location"] == reverse("reports:detail", args=[first.pk]) + "?state=all"


def test_the_confirmation_page_runs_a_fixed_number_of_queries(
    client, secretariat_user, period, staff_a, agency_a
):
    reports = file_submitted(period, agency_a, staff_a, 8)
    client.force_login(secretariat_user)
    url = reverse("reports:bulk_review")

    def confirm(count: int) -> int:
        return count_queries(
            client, url, {"action": "accept", "report": [r.pk for r in reports[:count]]}
        )

    assert confirm(1) == confirm(8)
