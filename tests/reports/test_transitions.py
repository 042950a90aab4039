"""Every workflow transition for every role: allowed ones work, forbidden ones change nothing."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict

from reports import services
from reports.models import ProgressReport, ReportingPeriod
from tests.reports.conftest import advance

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

STATES = ["draft", "submitted", "returned", "accepted", "published"]
ROLES = ["anonymous", "owner", "other_agency", "secretariat"]

ACTIONS = {
    "save": lambda r, u: services.save_report(
        report=r, user=u, works_done="Yeni mətn.", status="done", expected_version=r.version
    ),
    "submit": lambda r, u: services.submit_report(report=r, user=u),
    "return": lambda r, u: services.return_report(report=r, user=u, comment="Düzəldin."),
    "accept": lambda r, u: services.accept_report(report=r, user=u),
    "publish": lambda r, u: services.publish_report(report=r, user=u),
    "correct": lambda r, u: services.correct_report(
        report=r, user=u, works_done="Düzəliş.", status="done", reason="Typo in the date."
    ),
}

# (action, role) -> states in which it is allowed; everything else is refused.
ALLOWED = {
    ("save", "owner"): {"draft", "returned"},
    ("submit", "owner"): {"draft", "returned"},
    ("return", "secretariat"): {"submitted"},
    ("accept", "secretariat"): {"submitted"},
    ("publish", "secretariat"): {"accepted"},
    ("correct", "secretariat"): {"published"},
}
RESULT = {
    "save": "same",
    "submit": "submitted",
    "return": "returned",
    "accept": "accepted",
    "publish": "published",
    "correct": "published",
}
# Who may at least read the report: refusals to them are about state or role, not visibility.
READERS = {"owner", "secretariat"}


def snapshot(report: ProgressReport) -> tuple[dict, int, int]:
    report = ProgressReport.objects.get(pk=report.pk)
    return model_to_dict(report), report.history.count(), report.evidence.count()


@pytest.fixture
def users(staff_a, staff_b, secretariat_user):
    return {
        "anonymous": AnonymousUser(),
        "owner": staff_a,
        "other_agency": staff_b,
        "secretariat": secretariat_user,
    }


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_transition(action, role, state, draft_a, users, staff_a, secretariat_user):
    report = advance(draft_a, state, owner=staff_a, secretariat=secretariat_user)
    before = snapshot(report)
    if state in ALLOWED.get((action, role), set()):
        result = ACTIONS[action](report, users[role])
        after = ProgressReport.objects.get(pk=report.pk)
        expected_state = state if RESULT[action] == "same" else RESULT[action]
        assert after.state == expected_state
        assert after.version == report.version + 1
        latest = after.history.first()
        assert latest.history_user == users[role]
        assert latest.version == after.version
        assert result.pk == report.pk
    else:
        expected_error = (
            services.InvalidState
            if role in READERS and (action, role) in ALLOWED
            else services.NotPermitted
        )
        with pytest.raises(expected_error):
            ACTIONS[action](report, users[role])
        assert snapshot(report) == before


def test_submit_needs_works_done(period, measure_19, staff_b, agency_b):
    report = services.save_report(
        measure=measure_19, agency=agency_b, period=period, user=staff_b, works_done="  "
    )
    before = snapshot(report)
    with pytest.raises(ValidationError):
        services.submit_report(report=report, user=staff_b)
    assert snapshot(report) == before


def test_return_needs_a_comment(draft_a, staff_a, secretariat_user):
    report = advance(draft_a, "submitted", owner=staff_a, secretariat=secretariat_user)
    before = snapshot(report)
    with pytest.raises(ValidationError):
        services.return_report(report=report, user=secretariat_user, comment="   ")
    assert snapshot(report) == before


def test_correction_needs_a_reason_and_keeps_the_old_version(draft_a, staff_a, secretariat_user):
    report = advance(draft_a, "published", owner=staff_a, secretariat=secretariat_user)
    old_text = report.works_done
    with pytest.raises(ValidationError):
        services.correct_report(
            report=report, user=secretariat_user, works_done="X", status="done", reason=""
        )
    corrected = services.correct_report(
        report=report,
        user=secretariat_user,
        works_done="Düzəldilmiş mətn.",
        status="done",
        reason="The date was wrong.",
    )
    assert corrected.state == "published"
    assert corrected.correction_reason == "The date was wrong."
    published = list(corrected.history.filter(state="published").order_by("history_date"))
    assert [v.works_done for v in published] == [old_text, "Düzəldilmiş mətn."]
    assert published[-1].history_change_reason == "corrected"


def test_agency_cannot_create_a_report_for_another_agency(period, measure_19, staff_b, agency_a):
    with pytest.raises(services.NotPermitted):
        services.save_report(
            measure=measure_19, agency=agency_a, period=period, user=staff_b, works_done="x"
        )
    assert not ProgressReport.objects.filter(period=period).exists()


def test_agency_cannot_report_on_a_measure_it_does_not_owe(period, staff_b, agency_b, seeded):
    from plans.models import Measure

    not_owed = Measure.objects.get(plan__slug="open-government-2020-2022", number="2.1")
    with pytest.raises(services.NotPermitted):
        services.save_report(
            measure=not_owed, agency=agency_b, period=period, user=staff_b, works_done="x"
        )


def test_nothing_can_be_saved_in_a_closed_period(draft_b, staff_b, secretariat_user):
    services.close_period(period=draft_b.period, user=secretariat_user)
    before = snapshot(draft_b)
    with pytest.raises(services.InvalidState):
        services.save_report(report=draft_b, user=staff_b, works_done="late")
    assert snapshot(draft_b) == before


@pytest.mark.parametrize("role", ROLES)
def test_publish_period_by_role(role, users, draft_a, draft_b, staff_a, staff_b, secretariat_user):
    a = advance(draft_a, "accepted", owner=staff_a, secretariat=secretariat_user)
    b = advance(draft_b, "submitted", owner=staff_b, secretariat=secretariat_user)
    if role == "secretariat":
        published = services.publish_period(period=a.period, user=users[role])
        assert [r.pk for r in published] == [a.pk]
        assert ProgressReport.objects.get(pk=b.pk).state == "submitted"
        assert ReportingPeriod.objects.get(pk=a.period_id).is_published
    else:
        with pytest.raises(services.NotPermitted):
            services.publish_period(period=a.period, user=users[role])
        assert ProgressReport.objects.get(pk=a.pk).state == "accepted"
        assert not ReportingPeriod.objects.get(pk=a.period_id).is_published


@pytest.mark.parametrize("role", ROLES)
def test_open_period_by_role(role, users, seeded):
    plan = seeded["anti-corruption-2022-2026"]
    if role == "secretariat":
        period = services.open_period(
            plan=plan, year=2024, due_date=date(2025, 2, 1), user=users[role]
        )
        assert period.is_open and period.due_date == date(2025, 2, 1)
    else:
        with pytest.raises(services.NotPermitted):
            services.open_period(plan=plan, year=2024, due_date=None, user=users[role])
        assert not ReportingPeriod.objects.filter(plan=plan, year=2024).exists()


@pytest.mark.parametrize("garbage", ["", "abc", "3.5"])
def test_a_version_that_names_none_is_stale(draft_b, staff_b, garbage):
    before = snapshot(draft_b)
    with pytest.raises(services.StaleVersion):
        services.submit_report(report=draft_b, user=staff_b, expected_version=garbage)
    assert snapshot(draft_b) == before
