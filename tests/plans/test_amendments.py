"""A plan in force changes only as an amendment, and the public sees every amendment.

The officer edits plan content in the admin; for a plan that is not a draft the change form
asks for the decree and the reason, and the save records who, when, why and each value
before and after (plans.services.amend). The measure page says when it changed and links to
the plan's public amendment register.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from agencies.models import Agency
from plans import amendments, services
from plans.amendments import LegalBasis
from plans.models import Amendment, Indicator, Measure, Plan, SubItem
from reports.models import ProgressReport
from tests.conftest import OPEN_GOV
from tests.reports.conftest import advance, draft_a, english  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BASIS = {
    "amendment_basis": "Sərəncam № 1234",
    "amendment_basis_date": "2021-03-15",
    "amendment_reason": "The executor cell of the published plan repeated the indicator.",
}


def form_data(response) -> dict:
    """What the browser posts back from an admin change page: the form and every inline."""
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
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


@pytest.fixture
def officer(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def measure_212(seeded):
    return Measure.objects.get(plan__slug=OPEN_GOV, number="2.12")


@pytest.fixture
def audit_chamber(seeded):
    return Agency.objects.get(name="Hesablama Palatası")


def change_url(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def test_giving_measure_212_its_executor_records_one_amendment_the_measure_page_shows(
    client, officer, measure_212, audit_chamber, secretariat_user
):
    """The importer's warning: 2.12's executor cell repeats its indicator, so it has none."""
    assert not measure_212.assignments.exists()
    url = change_url(measure_212)
    data = form_data(officer.get(url))
    data["assignments-0-role"] = "main"
    data["assignments-0-agency"] = str(audit_chamber.pk)

    refused = officer.post(url, data)
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert {"amendment_basis", "amendment_basis_date", "amendment_reason"} <= set(errors)
    # Nothing typed is lost: the chosen executor is still in the form.
    kept = refused.context["inline_admin_formsets"][0].formset.forms[0]
    assert kept["agency"].value() == str(audit_chamber.pk) and kept["role"].value() == "main"
    assert not measure_212.assignments.exists() and not Amendment.objects.exists()

    saved = officer.post(url, {**data, **BASIS})
    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors
    assert [a.agency for a in measure_212.assignments.all()] == [audit_chamber]
    amendment = Amendment.objects.get()
    assert amendment.plan == measure_212.plan and amendment.measure == measure_212
    assert amendment.changed_by == secretariat_user
    assert amendment.legal_basis == "Sərəncam № 1234"
    assert amendment.legal_basis_date == datetime.date(2021, 3, 15)
    assert amendment.changes == [
        {
            "object": "measure 2.12",
            "field": "executors",
            "field_label": "executors",
            "before": "",
            "after": "Main executor: Hesablama Palatası",
        }
    ]

    client.logout()
    page = client.get(measure_212.get_absolute_url()).content.decode()
    changed_on = date_format(localtime(amendment.changed_at), "DATE_FORMAT")
    assert f"Changed on {changed_on} by the secretariat" in page
    assert "Sərəncam № 1234" in page and date_format(datetime.date(2021, 3, 15)) in page
    assert "Main executor: Hesablama Palatası" in page
    register = reverse("plans:amendments", args=[OPEN_GOV])
    assert f'{register}#amendment-{amendment.pk}"' in page


def test_the_register_lists_date_basis_reason_object_and_values(
    client, measure_212, audit_chamber, secretariat_user, seeded
):
    plan = seeded[OPEN_GOV]
    changes = amendments.field_changes(
        measure_212, {"period_text": "2021-2022"}, label="measure 2.12"
    )
    amendments.record(
        plan,
        changes,
        user=secretariat_user,
        basis=LegalBasis("Fərman № 77", datetime.date(2021, 6, 1), "Deadline moved by decree."),
        measure=measure_212,
    )
    board = client.get(plan.get_absolute_url()).content.decode()
    register = reverse("plans:amendments", args=[OPEN_GOV])
    assert register in board
    page = client.get(register).content.decode()
    for text in [
        "Fərman № 77",
        date_format(datetime.date(2021, 6, 1)),
        "Deadline moved by decree.",
        "measure 2.12",
        "execution period as written",
        "2020-2022",
        "2021-2022",
        measure_212.get_absolute_url(),
    ]:
        assert text in page, text


def test_a_plan_without_amendments_says_so_and_a_draft_plan_has_no_register(client, seeded):
    page = client.get(reverse("plans:amendments", args=[OPEN_GOV]))
    assert "has not been amended" in page.content.decode()
    Plan.objects.filter(slug=OPEN_GOV).update(status=Plan.Status.DRAFT)
    assert client.get(reverse("plans:amendments", args=[OPEN_GOV])).status_code == 404
    assert client.get(reverse("plans:amendments", args=["no-such-plan"])).status_code == 404


def test_a_draft_plan_changes_without_an_amendment(officer, measure_212):
    Plan.objects.filter(pk=measure_212.plan_id).update(status=Plan.Status.DRAFT)
    url = change_url(measure_212)
    page = officer.get(url)
    assert "amendment_basis" not in page.context["adminform"].form.changed_data
    data = form_data(page)
    data["title"] = "Yeni başlıq"
    assert officer.post(url, data).status_code == 302
    measure_212.refresh_from_db()
    assert measure_212.title == "Yeni başlıq" and not Amendment.objects.exists()


def test_saving_an_unchanged_form_needs_no_legal_basis_and_records_nothing(officer, measure_212):
    url = change_url(measure_212)
    assert officer.post(url, form_data(officer.get(url))).status_code == 302
    assert not Amendment.objects.exists()


@pytest.mark.usefixtures("draft_a")
def test_renumbering_a_measure_keeps_its_reports(
    client, officer, staff_a, secretariat_user, request
):
    report = advance(
        request.getfixturevalue("draft_a"), "published", owner=staff_a, secretariat=secretariat_user
    )
    measure = report.measure
    old_url = measure.get_absolute_url()
    url = change_url(measure)
    data = {**form_data(officer.get(url)), **BASIS, "number": "1.9.1"}
    assert officer.post(url, data).status_code == 302
    measure.refresh_from_db()
    assert measure.number == "1.9.1"
    assert ProgressReport.objects.get(pk=report.pk).measure_id == measure.pk
    change = Amendment.objects.get().changes[0]
    assert (change["field"], change["before"], change["after"]) == ("number", "1.9", "1.9.1")
    client.logout()
    assert client.get(old_url).status_code == 404
    page = client.get(measure.get_absolute_url()).content.decode()
    assert f'id="report-{report.pk}"' in page and report.agency.name in page
    assert '<del lang="az">1.9</del> → <ins lang="az">1.9.1</ins>' in page


def test_a_sub_item_added_to_a_plan_in_force_is_an_amendment(officer, measure_212):
    add = reverse("admin:plans_subitem_add")
    data = {
        "measure": str(measure_212.pk),
        "number": "2.12.1",
        "title": "Rəylərin dərci",
        "deadline_kind": "ongoing",
        "assignments-TOTAL_FORMS": "0",
        "assignments-INITIAL_FORMS": "0",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-position": "0",
        "indicators-0-text": "Dərc edilmiş rəylərin sayı",
        "indicators-0-unit": "rəy",
    }
    refused = officer.post(add, data)
    assert refused.status_code == 200
    assert "amendment_reason" in refused.context["adminform"].form.errors
    assert not SubItem.objects.exists()
    assert officer.post(add, {**data, **BASIS}).status_code == 302
    sub_item = SubItem.objects.get()
    indicator = Indicator.objects.get(sub_item__isnull=False)
    assert indicator.sub_item == sub_item and indicator.measure == measure_212
    amendment = Amendment.objects.get()
    assert amendment.sub_item == sub_item and amendment.measure == measure_212
    assert amendment.changes[0]["field"] == "added"
    assert amendment.changes[0]["object"] == "sub-item 2.12.1"


def test_an_indicator_target_change_records_the_indicator_list_before_and_after(
    officer, measure_212, secretariat_user
):
    indicator = Indicator.objects.create(measure=measure_212, text="Rəylərin sayı", unit="rəy")
    url = change_url(indicator)
    data = {**form_data(officer.get(url)), **BASIS}
    data["targets-0-year"] = "2022"
    data["targets-0-value"] = "12"
    assert officer.post(url, data).status_code == 302
    change = Amendment.objects.get().changes[0]
    assert change["field"] == "indicators"
    before, after = change["before"].splitlines(), change["after"].splitlines()
    assert set(before) - set(after) == {"Rəylərin sayı [rəy]"}
    assert set(after) - set(before) == {"Rəylərin sayı [rəy] targets 2022: 12"}


def test_the_service_refuses_a_change_to_a_plan_in_force_without_a_legal_basis(
    measure_212, secretariat_user
):
    def apply():
        measure_212.title = "Başqa başlıq"
        measure_212.save()
        return measure_212

    with pytest.raises(ValidationError):
        services.amend(
            plan=measure_212.plan,
            before=Measure.objects.get(pk=measure_212.pk),
            user=secretariat_user,
            basis=LegalBasis(),
            apply=apply,
        )
    assert Measure.objects.get(pk=measure_212.pk).title != "Başqa başlıq"
    assert not Amendment.objects.exists()


def test_a_measure_of_a_plan_in_force_cannot_be_deleted_in_the_admin(officer, measure_212):
    url = reverse("admin:plans_measure_delete", args=[measure_212.pk])
    assert officer.post(url, {"post": "yes"}).status_code == 403
    assert Measure.objects.filter(pk=measure_212.pk).exists()


def test_agency_staff_cannot_reach_the_change_form(client, staff_a, measure_212):
    client.force_login(staff_a)
    response = client.post(change_url(measure_212), {"title": "x", **BASIS})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not Amendment.objects.exists()


@pytest.mark.parametrize("size", [3, 30])
def test_the_register_runs_a_fixed_number_of_queries(
    client, seeded, secretariat_user, django_assert_num_queries, size
):
    plan = seeded[OPEN_GOV]
    measures = list(plan.measures.all()[:size])
    for i in range(size):
        measure = measures[i % len(measures)]
        amendments.record(
            plan,
            [amendments.change(f"measure {measure.number}", "title", "title", "a", "b")],
            user=secretariat_user,
            basis=LegalBasis(f"№ {i}", datetime.date(2021, 1, 1), "reason"),
            measure=measure,
        )
    # The plan, the count of amendments and one page of them with their measures.
    with django_assert_num_queries(3):
        response = client.get(reverse("plans:amendments", args=[OPEN_GOV]))
    assert response.status_code == 200
    assert response.content.decode().count('id="amendment-') == size


def test_rewording_a_priority_of_the_plan_is_recorded_against_the_plan(officer, seeded):
    plan = seeded[OPEN_GOV]
    url = change_url(plan)
    data = {**form_data(officer.get(url)), **BASIS}
    old_title = data["priorities-0-title"]
    data["priorities-0-title"] = "Yeni prioritet adı"
    response = officer.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].errors
    amendment = Amendment.objects.get()
    assert amendment.plan == plan and amendment.measure is None
    [change] = amendment.changes
    assert (change["object"], change["field"]) == ("the plan", "priorities")
    assert f"1. {old_title}" in change["before"] and "1. Yeni prioritet adı" in change["after"]


def test_an_indicator_cannot_name_a_sub_item_of_another_measure(officer, measure_212, measure_19):
    other = SubItem.objects.create(measure=measure_19, number="1.9.1", title="Başqa")
    data = {
        "measure": str(measure_212.pk),
        "sub_item": str(other.pk),
        "position": "0",
        "text": "Rəylərin sayı",
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
        **BASIS,
    }
    response = officer.post(reverse("admin:plans_indicator_add"), data)
    assert response.status_code == 200
    assert "sub_item" in response.context["adminform"].form.errors
    assert not Indicator.objects.filter(text="Rəylərin sayı").exists()


def test_removing_an_executor_records_the_list_before_and_after(officer, measure_19):
    url = change_url(measure_19)
    page = officer.get(url)
    forms = page.context["inline_admin_formsets"][0].formset.forms
    removed = forms[0].instance
    data = {**form_data(page), **BASIS, "assignments-0-DELETE": "on"}
    assert officer.post(url, data).status_code == 302
    assert not measure_19.assignments.filter(pk=removed.pk).exists()
    [change] = Amendment.objects.get().changes
    assert change["field"] == "executors"
    assert str(removed.executor) in change["before"]
    assert str(removed.executor) not in change["after"]
