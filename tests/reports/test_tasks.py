"""Mail goes through the task queue: the request answers first, a worker sends each message
once, and a refused send is retried later. Long exports and the reindex can be queued."""

import io
import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import ANTI_CORRUPTION
from tests.reports.conftest import advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def queue(settings, monkeypatch):
    """The database queue of `make run` and production: nothing runs until a worker does.

    The worker drops stale connections between tasks; here it shares the test's connection,
    inside the test's transaction, which must stay open."""
    settings.TASKS = DATABASE_QUEUE
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def run_worker() -> None:
    """`manage.py db_worker --batch`: run every task that is due, then stop."""
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)


class RefusingOnceBackend(EmailBackend):
    """An SMTP server that drops the connection on the first message, then accepts."""

    refusals = 0

    def send_messages(self, messages):
        if RefusingOnceBackend.refusals < 1:
            RefusingOnceBackend.refusals += 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def submitted_b(draft_b, staff_b, secretariat_user):
    return advance(draft_b, "submitted", owner=staff_b, secretariat=secretariat_user)


def return_through_the_site(client, report, secretariat_user, captured):
    client.force_login(secretariat_user)
    with captured(execute=True):
        return client.post(reverse("reports:return", args=[report.pk]), {"comment": "Tarix?"})


def test_the_return_answers_before_its_mail_is_sent_and_the_worker_sends_it_once(
    queue, client, submitted_b, secretariat_user, django_capture_on_commit_callbacks
):
    response = return_through_the_site(
        client, submitted_b, secretariat_user, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert mail.outbox == []  # the request did not wait for the mail
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY" and queued.task_path == "reports.tasks.send_email"

    run_worker()
    assert [m.to for m in mail.outbox] == [["staff_b@example.az"]]
    assert "Tarix?" in mail.outbox[0].body
    run_worker()  # nothing left: the message is not sent twice
    assert len(mail.outbox) == 1
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_refused_mail_is_retried_later_and_sent_once(
    queue, settings, client, submitted_b, secretariat_user, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingOnceBackend"
    RefusingOnceBackend.refusals = 0
    return_through_the_site(
        client, submitted_b, secretariat_user, django_capture_on_commit_callbacks
    )

    run_worker()
    assert mail.outbox == []
    failed = DBTaskResult.objects.get(status="FAILED")
    assert failed.exception_class_path == "reports.tasks.MailNotSent"
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after > timezone.now() + timedelta(seconds=50)

    run_worker()  # the retry is not due yet
    assert mail.outbox == []
    page = client.get(reverse("reports:tasks")).content.decode()  # the secretariat's view
    assert "Mail" in page and "Failed" in page and "MailNotSent" in page
    assert "Queued · not before" in page
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        run_worker()
    assert [m.to for m in mail.outbox] == [["staff_b@example.az"]]
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


def test_mail_is_given_up_after_the_last_retry(settings, mailoutbox):
    from reports.tasks import MailNotSent, send_email

    settings.EMAIL_BACKEND = f"{__name__}.RefusingOnceBackend"
    settings.MAIL_RETRY_DELAYS = [1]
    RefusingOnceBackend.refusals = -5  # refuses every attempt here
    results = send_email.enqueue("Mövzu", "Mətn", ["a@example.az"])
    assert results.status == "FAILED"
    assert mailoutbox == []
    with pytest.raises((MailNotSent, smtplib.SMTPException)):
        send_email.call("Mövzu", "Mətn", ["a@example.az"], attempt=2)


def test_a_long_export_and_the_reindex_can_be_queued(queue, tmp_path):
    output = tmp_path / "report.csv"
    call_command("export_report", ANTI_CORRUPTION, "2022", "--output", str(output), "--enqueue")
    call_command("reindex_search", "--plan", ANTI_CORRUPTION, "--enqueue")
    assert not output.exists()
    assert DBTaskResult.objects.filter(status="READY").count() == 2

    run_worker()
    assert output.read_text(encoding="utf-8-sig").count("\n") > 10
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_an_import_can_be_queued_and_changes_nothing_the_second_time(queue):
    from reports.models import ProgressReport

    before = ProgressReport.objects.count()
    call_command("import_seeds", "--enqueue", stdout=io.StringIO())
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert any("nothing changed" in line for line in result.return_value)
    assert ProgressReport.objects.count() == before


def test_password_reset_mail_is_sent_by_the_worker_too(client, queue, staff_b):
    response = client.post(reverse("password_reset"), {"email": staff_b.email})
    assert response.status_code == 302 and mail.outbox == []
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()
    assert [m.to for m in mail.outbox] == [[staff_b.email]]
    assert "/accounts/password/reset/" in mail.outbox[0].body
