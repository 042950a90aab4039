"""No admin change form writes a report around the services.

Every registered ModelAdmin's change form is opened as a superuser, filled with what the
page offers, every field that names a report's text, state, agency, measure or period
overwritten, and posted. No report may change. Only the services' actions change reports,
and then the version moves and the history entry names the reason.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from plans.models import Assignment, Measure, Plan, Priority
from reports.models import Evidence, ProgressReport, ReportingPeriod
from tests.conftest import enroll_authenticator
from tests.reports.conftest import advance

pytestmark = pytest.mark.django_db

REPORT_FIELDS = {"works_done", "status", "state", "agency", "measure", "period", "version"}
HOSTILE = {
    "works_done": "Admin tərəfindən yazılmış mətn",
    "status": "done",
    "state": "published",
    "version": "1",
}


@pytest.fixture
def superuser(django_user_model):
    """A superuser who has set up the second factor (the admin asks for it)."""
    user = django_user_model.objects.create_superuser("kök", "kok@example.az", "x")
    enroll_authenticator(user)
    return user


def snapshot():
    return {
        pk: values
        for pk, *values in ProgressReport.objects.values_list(
            "pk", "works_done", "status", "state", "agency_id", "measure_id", "period_id", "version"
        )
    }


def form_data(response) -> dict:
    """What a browser would post back from a change page: the main form and every inline."""
    data: dict = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            if value is None:
                continue
            key = form.add_prefix(name)
            data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def overwrite_report_fields(data: dict, other_agency_pk: int) -> dict:
    changed = dict(data)
    for key in list(changed):
        field = key.rsplit("-", 1)[-1]
        if field in HOSTILE:
            changed[key] = HOSTILE[field]
    # Fields the form does not offer are posted too: a crafted request tries them all.
    for field, value in {**HOSTILE, "agency": str(other_agency_pk)}.items():
        changed.setdefault(field, value)
    return changed


def objects_to_open(report):
    return {
        ProgressReport: report,
        Evidence: report.evidence.first(),
        ReportingPeriod: report.period,
        Measure: report.measure,
        Plan: report.measure.plan,
        Priority: report.measure.priority,
        Assignment: report.measure.assignments.first(),
        type(report.agency): report.agency,
    }


def change_pages(client, report):
    """``(url, response)`` of the change page of every registered model's object."""
    objects = objects_to_open(report)
    for model in admin.site._registry:
        instance = objects.get(model) or model._default_manager.first()
        if instance is None:
            continue
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[instance.pk]
        )
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response


def test_no_change_form_shows_an_editable_report_field(client, superuser, draft_a, agency_b):
    """Structure: no form or inline of any admin page edits a report."""
    client.force_login(superuser)
    for url, response in change_pages(client, draft_a):
        forms = [response.context["adminform"].form] + [
            form for inline in response.context["inline_admin_formsets"] for form in inline.formset
        ]
        for form in forms:
            if getattr(getattr(form, "_meta", None), "model", None) is ProgressReport:
                assert set(form.fields) & REPORT_FIELDS == set(), url


def test_posting_every_change_form_changes_no_report(
    client, superuser, draft_a, draft_b, staff_a, secretariat_user, agency_b
):
    published = advance(draft_a, "published", owner=staff_a, secretariat=secretariat_user)
    client.force_login(superuser)
    before = snapshot()
    posted = saved = 0
    for url, page in list(change_pages(client, published)):
        response = client.post(url, overwrite_report_fields(form_data(page), agency_b.pk))
        assert response.status_code in (200, 302, 403), url
        saved += response.status_code == 302
        posted += 1
        assert snapshot() == before, f"{url} changed a report"
    assert posted >= 8
    assert saved >= 6, "most forms must save, or the post proves nothing"
    # The history gained nothing either: no entry without a service's reason.
    assert published.history.count() == ProgressReport.objects.get(pk=published.pk).history.count()


def test_the_admins_actions_change_reports_through_the_services(
    client, superuser, draft_a, staff_a, secretariat_user
):
    submitted = advance(draft_a, "submitted", owner=staff_a, secretariat=secretariat_user)
    version = submitted.version
    client.force_login(superuser)
    client.post(
        reverse("admin:reports_progressreport_changelist"),
        {"action": "accept_selected", "_selected_action": [submitted.pk]},
    )
    accepted = ProgressReport.objects.get(pk=submitted.pk)
    assert accepted.state == "accepted" and accepted.version == version + 1
    entry = accepted.history.first()
    assert entry.history_change_reason == "accepted" and entry.history_user == superuser
