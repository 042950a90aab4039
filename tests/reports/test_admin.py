"""The admin goes through the services: its actions apply the rules, its forms change nothing."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from reports.models import ProgressReport
from tests.reports.conftest import advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def admin_client(client, secretariat_user):
    secretariat_user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="reports")
    )
    client.force_login(secretariat_user)
    return client


def test_admin_accept_action_uses_the_service(
    admin_client, draft_a, draft_b, staff_a, secretariat_user
):
    submitted = advance(draft_a, "submitted", owner=staff_a, secretariat=secretariat_user)
    response = admin_client.post(
        reverse("admin:reports_progressreport_changelist"),
        {"action": "accept_selected", "_selected_action": [submitted.pk, draft_b.pk]},
        follow=True,
    )
    assert ProgressReport.objects.get(pk=submitted.pk).state == "accepted"
    assert ProgressReport.objects.get(pk=draft_b.pk).state == "draft"  # a draft is refused
    assert "Only a submitted report can be accepted." in response.content.decode()
    latest = ProgressReport.objects.get(pk=submitted.pk).history.first()
    assert latest.history_user == secretariat_user and latest.history_change_reason == "accepted"


def test_admin_change_form_cannot_edit_text_or_state(admin_client, draft_a):
    url = reverse("admin:reports_progressreport_change", args=[draft_a.pk])
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, {"works_done": "overwritten", "state": "published"})
    draft_a.refresh_from_db()
    assert draft_a.state == "draft" and "overwritten" not in draft_a.works_done
