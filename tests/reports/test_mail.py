"""Mail on the workflow's events, sent after commit; reminders with frozen time, each once."""

from datetime import date

import pytest
import time_machine
from django.core.management import call_command

from reports import services
from reports.models import Reminder
from reports.obligations import obligations_for_period
from tests.conftest import OPEN_GOV
from tests.factories import MembershipFactory, UserFactory
from tests.reports.conftest import advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_opening_a_period_mails_obliged_and_invited_agencies_after_commit(
    seeded, secretariat_user, staff_a, staff_b, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.open_period(
            plan=seeded[OPEN_GOV], year=2021, due_date=date(2022, 1, 31), user=secretariat_user
        )
        assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {"staff_a@example.az", "staff_b@example.az"}
    samux = by_recipient["staff_b@example.az"]
    assert "2021" in samux.subject
    assert "- 1.9 " in samux.body and "31.01.2022" in samux.body
    assert "/workspace/" in samux.body


def test_nothing_is_mailed_when_the_transaction_rolls_back(
    seeded, secretariat_user, staff_b, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.open_period(plan=seeded[OPEN_GOV], year=2021, due_date=None, user=secretariat_user)
    # The test transaction is rolled back: the captured callbacks are never run.
    assert callbacks and mailoutbox == []


ACTIONS = {
    "returned": lambda r, u: services.return_report(report=r, user=u, comment="Tarix yoxdur."),
    "accepted": lambda r, u: services.accept_report(report=r, user=u),
    "published": lambda r, u: services.publish_report(report=r, user=u),
}


@pytest.mark.parametrize(
    ("event", "from_state"),
    [
        ("returned", "submitted"),
        ("accepted", "submitted"),
        ("published", "accepted"),
    ],
)
def test_review_events_mail_the_agency(
    event,
    from_state,
    draft_b,
    staff_b,
    secretariat_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    report = advance(draft_b, from_state, owner=staff_b, secretariat=secretariat_user)
    with django_capture_on_commit_callbacks(execute=True):
        ACTIONS[event](report, secretariat_user)
    assert [m.to for m in mailoutbox] == [["staff_b@example.az"]]
    message = mailoutbox[0]
    assert "1.9" in message.subject and event in message.subject
    if event == "returned":
        assert "Tarix yoxdur." in message.body


def test_publishing_a_period_mails_each_agency_once(
    draft_a,
    draft_b,
    staff_a,
    staff_b,
    secretariat_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    advance(draft_a, "accepted", owner=staff_a, secretariat=secretariat_user)
    advance(draft_b, "accepted", owner=staff_b, secretariat=secretariat_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_period(period=draft_a.period, user=secretariat_user)
    assert sorted(m.to[0] for m in mailoutbox) == ["staff_a@example.az", "staff_b@example.az"]


# --- reminders ------------------------------------------------------------------------------


@pytest.fixture
def reminder_setup(period, staff_a, staff_b, agency_a, secretariat_user, measure_19):
    """Period due 31.01.2022. Ədliyyə has handed in everything but one; Samux nothing."""
    for obligation in obligations_for_period(period, [agency_a])[1:]:
        report = services.save_report(
            measure=obligation.measure,
            agency=agency_a,
            period=period,
            user=staff_a,
            works_done="Hazırdır.",
        )
        services.submit_report(report=report, user=staff_a)
    return period


def reminders_sent(mailoutbox) -> list[tuple[str, str]]:
    return sorted((m.to[0], m.subject) for m in mailoutbox)


def test_reminders_30_and_7_days_before_and_overdue_each_once(
    reminder_setup, mailoutbox, agency_a, agency_b, staff_a
):
    with time_machine.travel(date(2021, 12, 1), tick=False):  # 61 days before: nothing
        call_command("send_reminders")
    assert mailoutbox == []

    with time_machine.travel(date(2022, 1, 1), tick=False):  # 30 days before
        call_command("send_reminders")
        call_command("send_reminders")  # a second run the same day sends nothing more
    assert reminders_sent(mailoutbox) == [
        ("staff_a@example.az", "Reminder: reports due in 30 days"),
        ("staff_b@example.az", "Reminder: reports due in 30 days"),
    ]
    samux_mail = next(m for m in mailoutbox if m.to == ["staff_b@example.az"])
    assert "- 1.9 " in samux_mail.body and "31.01.2022" in samux_mail.body
    edliyye_mail = next(m for m in mailoutbox if m.to == ["staff_a@example.az"])
    assert edliyye_mail.body.count("\n- ") == 1  # only its one missing report is listed

    mailoutbox.clear()
    with time_machine.travel(date(2022, 1, 10), tick=False):  # 21 days: 30-day one already sent
        call_command("send_reminders")
    assert mailoutbox == []

    # Ədliyyə hands in its last report before the 7-day mark: it is not reminded again.
    last = obligations_for_period(reminder_setup, [agency_a])[0]
    report = services.save_report(
        measure=last.measure,
        agency=agency_a,
        period=reminder_setup,
        user=staff_a,
        works_done="Son hesabat.",
    )
    services.submit_report(report=report, user=staff_a)

    with time_machine.travel(date(2022, 1, 24), tick=False):  # 7 days before
        call_command("send_reminders")
        call_command("send_reminders")
    assert reminders_sent(mailoutbox) == [("staff_b@example.az", "Reminder: reports due in 7 days")]

    mailoutbox.clear()
    with time_machine.travel(date(2022, 2, 2), tick=False):  # overdue
        call_command("send_reminders")
    with time_machine.travel(date(2022, 2, 20), tick=False):  # still overdue: not again
        call_command("send_reminders")
    assert reminders_sent(mailoutbox) == [
        ("staff_b@example.az", "Overdue: reports not yet submitted")
    ]
    assert Reminder.objects.filter(agency=agency_b).count() == 3
    assert Reminder.objects.filter(agency=agency_a).count() == 1


def test_recommended_only_and_staffless_agencies_get_no_reminder(reminder_setup, mailoutbox):
    with time_machine.travel(date(2022, 1, 1), tick=False):
        call_command("send_reminders")
    # Only the two agencies with staff are mailed, though dozens owe reports.
    assert {m.to[0] for m in mailoutbox} == {"staff_a@example.az", "staff_b@example.az"}


def test_a_colleague_added_later_still_gets_the_next_reminder(reminder_setup, mailoutbox, agency_b):
    with time_machine.travel(date(2022, 1, 24), tick=False):
        call_command("send_reminders")
    MembershipFactory(user=UserFactory(username="samux2"), agency=agency_b)
    mailoutbox.clear()
    with time_machine.travel(date(2022, 2, 2), tick=False):
        call_command("send_reminders")
    samux = [m for m in mailoutbox if "samux2@example.az" in m.to]
    assert len(samux) == 1 and sorted(samux[0].to) == ["samux2@example.az", "staff_b@example.az"]


def test_dry_run_sends_and_records_nothing(reminder_setup, mailoutbox, capsys):
    with time_machine.travel(date(2022, 1, 1), tick=False):
        call_command("send_reminders", "--dry-run")
    assert mailoutbox == [] and not Reminder.objects.exists()
    assert "would send 30d reminder: Samux Rayon İcra Hakimiyyəti" in capsys.readouterr().out
