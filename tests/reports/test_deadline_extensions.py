"""Per-agency deadline extensions: the secretariat only, after the period's due date, with a
reason; the workspace and the reminders go by the agency's own date. (The compliance figures
on every surface: tests/public/test_one_truth.py.)"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from agencies.models import Agency
from operations.models import AuditEvent
from reports import services
from reports.models import DeadlineExtension
from reports.obligations import compliance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LATER = date(2022, 2, 28)


def extend(period, agency, user, due_date=LATER, reason="Struktur dəyişikliyi."):
    return services.extend_deadline(
        period=period, agency=agency, due_date=due_date, reason=reason, user=user
    )


def test_only_the_secretariat_extends(period, agency_a, staff_a, staff_b):
    for user in (staff_a, staff_b):
        with pytest.raises(services.NotPermitted):
            extend(period, agency_a, user)
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize(
    ("due_date", "reason", "field"),
    [
        (date(2022, 1, 31), "Səbəb.", "due_date"),  # the period's own date: nothing extended
        (date(2022, 1, 10), "Səbəb.", "due_date"),
        (LATER, "   ", "reason"),
    ],
)
def test_an_extension_needs_a_later_date_and_a_reason(
    period, agency_a, secretariat_user, due_date, reason, field
):
    with pytest.raises(ValidationError) as error:
        extend(period, agency_a, secretariat_user, due_date, reason)
    assert field in error.value.error_dict


def test_an_agency_that_owes_nothing_gets_no_extension(period, secretariat_user):
    owing = {row.agency.pk for row in compliance(period) if row.expected}
    idle = Agency.objects.exclude(pk__in=owing).first()
    with pytest.raises(ValidationError) as error:
        extend(period, idle, secretariat_user)
    assert "agency" in error.value.error_dict


def test_extending_again_moves_the_date_once_per_agency(period, agency_a, secretariat_user):
    extend(period, agency_a, secretariat_user)
    extend(period, agency_a, secretariat_user, date(2022, 3, 15), "Yenə.")
    extension = DeadlineExtension.objects.get()
    assert (extension.due_date, extension.reason) == (date(2022, 3, 15), "Yenə.")


def test_the_compliance_page_extends_and_shows_it(client, period, agency_a, secretariat_user):
    client.force_login(secretariat_user)
    url = reverse("reports:extend_deadline", args=[period.pk])
    response = client.post(
        url, {"agency": agency_a.pk, "due_date": "2022-02-28", "reason": "Struktur dəyişikliyi."}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert '28.02.2022, <strong class="extended">extended</strong>' in page
    assert "Struktur dəyişikliyi." in page
    assert AuditEvent.objects.filter(detail="Struktur dəyişikliyi.").exists()


def test_a_refused_extension_comes_back_with_errors_at_the_fields(
    client, period, agency_a, secretariat_user
):
    client.force_login(secretariat_user)
    url = reverse("reports:extend_deadline", args=[period.pk])
    response = client.post(url, {"agency": agency_a.pk, "due_date": "2022-01-15", "reason": "X"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_due_date"' in html and "after the period&#x27;s due date" in html
    assert "X</textarea>" in html  # the reason is kept
    response = client.post(url, {})
    html = response.content.decode()
    for field in ("agency", "due_date", "reason"):
        assert f'href="#id_{field}"' in html
    assert not DeadlineExtension.objects.exists()


def test_agency_staff_cannot_extend_through_the_page(client, period, agency_a, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("reports:extend_deadline", args=[period.pk]),
        {"agency": agency_a.pk, "due_date": "2022-02-28", "reason": "Özüm."},
    )
    assert response.status_code == 404
    assert not DeadlineExtension.objects.exists()


def test_the_workspace_shows_the_agency_its_extended_date(
    client, period, agency_a, staff_a, secretariat_user
):
    extend(period, agency_a, secretariat_user)
    client.force_login(staff_a)
    with time_machine.travel(date(2022, 2, 10), tick=False):
        html = client.get(reverse("reports:workspace")).content.decode()
    assert "28.02.2022, extended" in html
    assert "Missing" not in html.split("<tbody>")[1]  # not yet due: not started


def test_reminders_go_by_the_agency_s_extended_date(
    period, agency_a, agency_b, staff_a, staff_b, secretariat_user, mailoutbox
):
    extend(period, agency_b, secretariat_user)
    with time_machine.travel(date(2022, 2, 2), tick=False):  # the period's date has passed
        call_command("send_reminders")
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects["staff_a@example.az"] == "Overdue: reports not yet submitted"
    assert subjects["staff_b@example.az"] != "Overdue: reports not yet submitted"
    samux = next(m for m in mailoutbox if m.to == ["staff_b@example.az"])
    assert "28.02.2022" in samux.body
