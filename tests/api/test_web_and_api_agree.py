"""The same situation gives the same answer on the web and in the API (reports.access):
another agency's report is 404 like a missing one; your own report that cannot be changed now
(submitted, or its period closed) is 409 with the reason."""

import pytest
from django.urls import reverse

from reports import services

pytestmark = pytest.mark.django_db

URL = "/api/v1/workspace/reports/"


def test_your_submitted_report_is_409_on_web_and_api(client, api_a, draft_a, staff_a):
    services.submit_report(report=draft_a, user=staff_a)
    client.force_login(staff_a)
    web = client.get(reverse("reports:edit", args=[draft_a.pk]))
    api = api_a.patch(
        f"{URL}{draft_a.pk}/", {"works_done": "x"}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert web.status_code == api.status_code == 409
    draft_a.refresh_from_db()
    assert draft_a.works_done != "x"


def test_another_agencys_report_is_404_on_web_and_api(client, api_b, draft_a, staff_b):
    client.force_login(staff_b)
    web = client.get(reverse("reports:edit", args=[draft_a.pk]))
    api = api_b.patch(
        f"{URL}{draft_a.pk}/", {"works_done": "x"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert web.status_code == api.status_code == 404


def test_a_closed_period_is_409_on_web_and_api(
    client, api_a, period, measure_19, agency_a, staff_a, secretariat_user
):
    services.close_period(period=period, user=secretariat_user)
    client.force_login(staff_a)
    start = reverse("reports:start", args=[period.pk, measure_19.pk, agency_a.pk])
    web = client.get(start)
    api = api_a.post(
        URL,
        {"measure": measure_19.pk, "period": period.pk, "works_done": "Gec."},
        format="json",
    )
    assert web.status_code == api.status_code == 409
    assert "not open for submissions" in web.content.decode() or "açıq deyil" in (
        web.content.decode()
    )
