"""The audit trail: sign-ins, exports, reviews and publication, model changes and token use
are recorded with who, when and from where; the secretariat searches and exports them, an
agency user gets the same 404 as for a missing page, and old entries are pruned."""

import csv
import io
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from operations import audit
from operations.models import AuditEvent
from tests.api.conftest import token_client
from tests.conftest import OPEN_GOV
from tests.reports.conftest import advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

Action = AuditEvent.Action
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory


def sign_in(client, username, password=PASSWORD, ip="10.1.2.3"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_the_audit_page_lists_a_sign_in_an_export_and_a_publication(
    client, secretariat_user, draft_b, staff_b
):
    report = advance(draft_b, "accepted", owner=staff_b, secretariat=secretariat_user)
    assert sign_in(client, "katib").status_code == 302
    client.force_login(secretariat_user)  # and the second factor (tests/conftest.py)
    assert client.post(reverse("reports:publish", args=[report.pk])).status_code == 302
    # One report makes 2021 public but provisional; publishing the year makes it final, and
    # only a final year has a consolidated report.
    publish_year = reverse("reports:publish_period", args=[report.period_id])
    assert client.post(publish_year).status_code == 302
    export = client.get(f"/plans/{OPEN_GOV}/reports/2021.csv")
    assert export.status_code == 200 and b"".join(export.streaming_content)

    page = client.get(reverse("reports:audit")).content.decode()
    assert "Signed in" in page and "10.1.2.3" in page
    assert "Report published" in page and "1.9 · Samux Rayon İcra Hakimiyyəti · 2021" in page
    assert "Export" in page and f"/plans/{OPEN_GOV}/reports/2021.csv" in page
    events = AuditEvent.objects.filter(actor=secretariat_user)
    assert {Action.LOGIN, Action.REPORT_PUBLISHED, Action.EXPORT} <= set(
        events.values_list("action", flat=True)
    )


@pytest.mark.parametrize("name", ["reports:audit", "reports:audit_csv", "reports:tasks"])
def test_agency_staff_get_404_from_the_audit_and_task_pages(client, staff_a, name):
    client.force_login(staff_a)
    response = client.get(reverse(name))
    assert response.status_code == 404
    assert response.content == client.get("/workspace/no-such-page/").content


def test_a_failed_sign_in_names_the_username_tried_and_the_address(client, staff_b):
    sign_in(client, "staff_b", "wrong", ip="10.9.9.9")
    sign_in(client, "nobody", "wrong", ip="10.9.9.9")
    failed = AuditEvent.objects.filter(action=Action.LOGIN_FAILED).order_by("pk")
    assert [(e.actor_name, e.ip, e.actor) for e in failed] == [
        ("staff_b", "10.9.9.9", None),
        ("nobody", "10.9.9.9", None),
    ]
    assert "wrong" not in " ".join(e.detail for e in failed)


def test_returns_and_period_publication_are_recorded_with_the_comment(
    client, secretariat_user, draft_a, draft_b, staff_a, staff_b
):
    submitted = advance(draft_a, "submitted", owner=staff_a, secretariat=secretariat_user)
    advance(draft_b, "accepted", owner=staff_b, secretariat=secretariat_user)
    client.force_login(secretariat_user)
    client.post(reverse("reports:return", args=[submitted.pk]), {"comment": "Tarix yoxdur."})
    client.post(reverse("reports:publish_period", args=[submitted.period.pk]))
    returned = AuditEvent.objects.get(action=Action.REPORT_RETURNED)
    assert returned.detail == "Tarix yoxdur." and returned.actor == secretariat_user
    published = AuditEvent.objects.get(action=Action.PERIOD_PUBLISHED)
    assert "Samux" in published.detail and "2021" in published.target


def test_permission_and_plan_changes_are_recorded_with_who_and_before_and_after(
    client, secretariat_user, staff_b, seeded
):
    secretariat_user.is_superuser = True
    secretariat_user.save()
    client.force_login(secretariat_user)
    permission = Permission.objects.get(codename="change_plan")
    response = client.post(
        reverse("admin:auth_group_add"),
        {"name": "plan editors", "permissions": [permission.pk]},
        REMOTE_ADDR="10.4.4.4",
    )
    assert response.status_code == 302
    created = AuditEvent.objects.get(action=Action.RECORD_CREATED, target__contains="plan editors")
    assert (created.actor, created.ip) == (secretariat_user, "10.4.4.4")
    granted = AuditEvent.objects.get(action=Action.RECORD_CHANGED, target__contains="plan editors")
    assert "permissions: add" in granted.detail and "Can change action plan" in granted.detail

    staff_b.groups.add(Group.objects.get(name="plan editors"))
    plan = seeded[OPEN_GOV]
    plan.title += " (amended on 1 March)"
    plan.save()
    changed = AuditEvent.objects.filter(action=Action.RECORD_CHANGED)
    assert any("groups: add plan editors" in e.detail for e in changed)
    assert any(
        e.target.startswith("action plan: ") and "(amended on 1 March)" in e.detail for e in changed
    )
    assert LogEntry.objects.filter(object_pk=str(staff_b.pk)).exists()
    everything = " ".join(e.detail for e in AuditEvent.objects.all())
    assert "md5$" not in everything and "pbkdf2" not in everything


def test_token_use_is_recorded_once_an_hour_for_reads_and_every_time_for_writes(staff_a, draft_a):
    api = token_client(staff_a)
    url = f"/api/v1/workspace/reports/{draft_a.pk}/"
    api.get(url)
    api.get(url)
    api.post(f"{url}submit/", HTTP_IF_MATCH=f'"{draft_a.version}"')
    used = AuditEvent.objects.filter(action=Action.TOKEN_USED).order_by("pk")
    assert [(e.actor, e.target, e.detail) for e in used] == [
        (staff_a, url, "GET 200"),
        (staff_a, f"{url}submit/", "POST 200"),
    ]


@pytest.fixture
def events(secretariat_user, staff_a):
    audit.record(Action.LOGIN, user=secretariat_user, ip="10.0.0.1")
    audit.record(Action.EXPORT, user=staff_a, target="=HYPERLINK(1)", detail="board")
    old = audit.record(Action.LOGIN, user=staff_a)
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=40))
    return old


def test_the_secretariat_searches_by_user_action_text_and_days(client, secretariat_user, events):
    client.force_login(secretariat_user)
    audit_url = reverse("reports:audit")

    def shown(**query):
        return list(client.get(audit_url, query).context["page"].object_list)

    assert {e.actor_name for e in shown(who="staff")} == {"staff_a"}
    assert [e.action for e in shown(action="export")] == ["export"]
    assert [e.detail for e in shown(text="board")] == ["board"]
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert events not in shown(date_from=since, who="staff_a")
    assert shown(date_to=(timezone.localdate() - timedelta(days=30)).isoformat()) == [events]
    page = client.get(audit_url, {"date_from": "31.02.2026"})
    assert page.context["page"].object_list == [] or not page.context["page"].object_list
    assert "Enter a valid date." in page.content.decode()


def test_the_audit_csv_holds_the_filtered_events_with_formulas_defused(
    client, secretariat_user, events
):
    client.force_login(secretariat_user)
    response = client.get(reverse("reports:audit_csv"), {"who": "staff_a", "action": "export"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Time", "User", "Action", "Object", "Details", "IP address"]
    assert [row[1:4] for row in rows[1:]] == [["staff_a", "Export", "'=HYPERLINK(1)"]]


def test_the_audit_page_reads_a_fixed_number_of_queries(
    client, secretariat_user, events, django_assert_max_num_queries
):
    client.force_login(secretariat_user)
    url = reverse("reports:audit")
    client.get(url)
    with django_assert_max_num_queries(8) as few:
        client.get(url)
    for _ in range(60):
        audit.record(Action.EXPORT, user=secretariat_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_prune_deletes_what_is_older_than_the_retention(settings, events, staff_a):
    settings.AUDIT_RETENTION_DAYS = 30
    call_command("prune_audit")
    assert not AuditEvent.objects.filter(pk=events.pk).exists()
    assert AuditEvent.objects.filter(action=Action.EXPORT).exists()
    call_command("prune_audit", "--days", "0")
    assert not AuditEvent.objects.filter(at__lt=timezone.now()).exists()
