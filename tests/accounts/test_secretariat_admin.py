"""The secretariat runs the portal in the admin; agency staff never reach it.

The demo officer of ``make run`` (``create_demo_users``) is in the secretariat group, which a
migration gives the model permissions it needs: every admin list and every add page it is
offered answers 200 in Azerbaijani; reports and what the workflow writes are read-only.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from reports.access import is_secretariat
from reports.management.commands import create_demo_users
from tests.conftest import SECRETARIAT_GROUP, enroll_authenticator

pytestmark = pytest.mark.django_db

# Models the officer reads (and may delete, for tokens, devices and lockouts) but never adds:
# reports and what the workflow writes change through reports.services; amendments through
# plans.services; groups' permissions are fixed by migrations; devices and tokens are set up
# by their owners.
NOT_ADDED = {
    "auth.group",
    "civic.assessment",
    "civic.reply",
    "civic.replywindow",
    "otp_totp.totpdevice",
    "otp_static.staticdevice",
    "accounts.apitoken",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "auditlog.logentry",
    "operations.auditevent",
    "django_tasks_database.dbtaskresult",
    "plans.amendment",
    "reports.progressreport",
    "reports.evidence",
    "reports.reminder",
    "reports.reviewdigest",
    "reports.clarification",
    "reports.deadlineextension",
    "reports.agencysignature",
    "reports.storeddocument",
}
REPORT_SIDE = {label for label in NOT_ADDED if label.startswith("reports.")}
MANAGED = {
    "auth.user",
    "agencies.agencycategory",
    "agencies.agency",
    "agencies.agencyalias",
    "plans.plan",
    "plans.priority",
    "plans.measure",
    "plans.assignment",
    "plans.subitem",
    "plans.indicator",
    "reports.reportingperiod",
    "civic.organisation",
    "civic.monitoringproject",
    "civic.monitoringactivity",
}


def label(model) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def admin_urls():
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield label(model), reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")


@pytest.fixture
def demo_officer(seeded, settings, monkeypatch):
    """``katiblik`` as ``make run`` creates it, after setting up its authenticator."""
    settings.DEBUG = True
    settings.DEMO_DATA_ALLOWED = True
    # The command refuses any database but the SQLite demo; the tests run on PostgreSQL too.
    monkeypatch.setattr(create_demo_users.Command, "refusal", lambda command: "")
    call_command("create_demo_users", stdout=open("/dev/null", "w"))
    officer = get_user_model().objects.get(username="katiblik")
    enroll_authenticator(officer)
    return officer


def test_every_registered_admin_is_classified():
    assert {label(model) for model in admin.site._registry} == MANAGED | NOT_ADDED


def test_the_demo_officer_is_secretariat_staff_in_the_migrated_group(demo_officer):
    assert demo_officer.is_staff and not demo_officer.is_superuser
    assert demo_officer.groups.filter(name=SECRETARIAT_GROUP).exists()
    assert is_secretariat(demo_officer)
    for permission in [
        "plans.change_measure",
        "plans.add_subitem",
        "plans.change_indicator",
        "plans.add_indicatortarget",
        "plans.change_subitemassignment",
        "agencies.add_agency",
        "agencies.add_agencymembership",
        "auth.change_user",
        "reports.add_reportingperiod",
        "accounts.delete_apitoken",
        "plans.view_amendment",
        "reports.view_progressreport",
    ]:
        assert demo_officer.has_perm(permission), permission
    for permission in [
        "plans.change_amendment",
        "reports.change_progressreport",
        "reports.add_evidence",
        "reports.change_agencysignature",
        "auth.change_group",
    ]:
        assert not demo_officer.has_perm(permission), permission


def test_every_admin_list_and_add_page_answers_the_officer_in_azerbaijani(client, demo_officer):
    client.force_login(demo_officer)
    index = client.get(reverse("admin:index"))
    page = index.content.decode()
    assert index.status_code == 200
    assert "Heç nəyə baxmağa" not in page
    for words in ["Tədbirlər", "Yarımbəndlər", "Dəyişikliklər", "İndikatorlar", "MFP Portalı"]:
        assert words in page, words
    assert "Indikatorlar" not in page and "Django" not in page
    for model_label, changelist, add in admin_urls():
        assert client.get(changelist).status_code == 200, changelist
        expected = 403 if model_label in NOT_ADDED else 200
        assert client.get(add).status_code == expected, add


def test_report_side_admins_are_read_only_even_for_a_superuser(rf, django_user_model):
    superuser = django_user_model(is_superuser=True, is_staff=True, is_active=True)
    request = rf.get("/admin/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        if label(model) in REPORT_SIDE | {"plans.amendment"}:
            assert model_admin.has_view_permission(request), model
            assert not model_admin.has_add_permission(request), model
            assert not model_admin.has_change_permission(request), model
            assert not model_admin.has_delete_permission(request), model


def test_agency_staff_reach_no_admin_page(client, staff_a):
    client.force_login(staff_a)
    for _label, changelist, add in admin_urls():
        for url in (changelist, add):
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_staff_outside_the_secretariat_are_refused(client, staff_a):
    staff_a.is_staff = True
    staff_a.save(update_fields=["is_staff"])
    enroll_authenticator(staff_a)
    client.force_login(staff_a)
    for _label, changelist, add in admin_urls():
        assert client.get(changelist).status_code == 403, changelist
        assert client.get(add).status_code == 403, add


def test_the_officer_makes_no_superuser_and_leaves_superusers_alone(
    client, secretariat_user, django_user_model
):
    root = django_user_model.objects.create_superuser("kök", "kok@example.az", "x")
    client.force_login(secretariat_user)
    own = client.get(reverse("admin:auth_user_change", args=[secretariat_user.pk]))
    assert own.status_code == 200
    assert "is_superuser" not in own.context["adminform"].form.fields
    assert "user_permissions" not in own.context["adminform"].form.fields
    assert client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "yeni-parol-123", "password2": "yeni-parol-123"},
    ).status_code in (403, 404)
    root.refresh_from_db()
    assert root.check_password("x")


def test_the_migration_gave_the_group_its_permissions(db):
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_measure", "add_subitem", "view_amendment", "view_progressreport"} <= codenames
    assert "change_progressreport" not in codenames


def test_the_change_form_speaks_azerbaijani_with_its_capital_i(client, secretariat_user, seeded):
    measure = seeded["open-government-2020-2022"].measures.get(number="2.12")
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:plans_measure_change", args=[measure.pk]))
    labels = {str(field.label) for field in page.context["adminform"].form.fields.values()}
    assert {"İcraçılar (sənəddə yazıldığı kimi)", "İlk il", "Hüquqi əsasın tarixi"} <= labels
    assert not any(label.startswith("I") for label in labels)
    assert "Bu plan qüvvədədir" in page.content.decode()
