"""Independent assessments, the right of reply and the secretariat's hiding: every write
through civic.services, every refusal a field error with nothing saved."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.utils import timezone

from civic import services
from civic.access import NotEditable
from civic.models import Assessment, CivicFile, Reply, ReplyWindow
from operations.models import AuditEvent
from plans.models import SubItem, SubItemAssignment
from tests.civic.conftest import PNG
from tests.factories import MeasureFactory, PlanFactory, PriorityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def assess(member, organisation, measure, **changes):
    values = {
        "user": member,
        "organisation": organisation,
        "measure": measure,
        "year": 2022,
        "completion": "limited",
        "opened_government": "marginal",
        "text": "Qiymətləndirmə.",
    }
    return services.save_assessment(**{**values, **changes})


def field_error(call) -> dict:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def test_a_member_saves_a_draft_and_publishes_it(draft_assessment, member):
    assert draft_assessment.state == Assessment.State.DRAFT
    published = services.publish_assessment(user=member, assessment=draft_assessment)
    assert published.state == Assessment.State.PUBLISHED and published.published_at


def test_no_assessment_of_a_draft_plans_measure(member, organisation):
    draft_plan = PlanFactory(status="draft")
    measure = MeasureFactory(priority=PriorityFactory(plan=draft_plan), plan=draft_plan)
    errors = field_error(lambda: assess(member, organisation, measure, year=2023))
    assert "measure" in errors
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("year", [2021, 2027, None])
def test_no_assessment_of_a_year_outside_the_plan(member, organisation, measure_68, year):
    errors = field_error(lambda: assess(member, organisation, measure_68, year=year))
    assert errors["year"] == ["Choose a year of the plan, 2022–2026."]
    assert not Assessment.objects.exists()


def test_oversized_or_wrong_type_evidence_is_refused_and_nothing_saved(
    member, organisation, measure_68, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    settings.EVIDENCE_MAX_BYTES = 50
    big = SimpleUploadedFile("scan.png", PNG)
    errors = field_error(lambda: assess(member, organisation, measure_68, files=[big]))
    assert "larger than" in errors["files"][0]
    settings.EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
    script = SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>")
    errors = field_error(lambda: assess(member, organisation, measure_68, files=[script]))
    assert "Only PDF" in errors["files"][0]
    assert not Assessment.objects.exists() and not CivicFile.objects.exists()


def test_a_member_of_another_organisation_cannot_write_its_drafts(
    draft_assessment, other_member, organisation, measure_68
):
    with pytest.raises(Http404):
        assess(other_member, organisation, measure_68, assessment=draft_assessment)
    with pytest.raises(Http404):
        services.publish_assessment(user=other_member, assessment=draft_assessment)


def test_a_published_assessment_cannot_be_changed(published_assessment, member, organisation):
    with pytest.raises(NotEditable):
        assess(member, organisation, published_assessment.measure, assessment=published_assessment)


def test_publishing_mails_the_executors(
    draft_assessment, member, staff_a, staff_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_assessment(user=member, assessment=draft_assessment)
    recipients = {address for message in mail.outbox for address in message.to}
    assert staff_a.email in recipients
    assert staff_b.email not in recipients
    assert "6.8" in mail.outbox[0].subject


def test_the_executor_replies_once_and_the_organisation_answers_once(
    published_assessment, staff_a, agency_a, member
):
    reply = services.reply_to_assessment(
        user=staff_a,
        assessment=published_assessment,
        agency=agency_a,
        stance="disagrees",
        text="İnstitut 2022-ci ildə yaradılıb.",
    )
    second = field_error(
        lambda: services.reply_to_assessment(
            user=staff_a,
            assessment=published_assessment,
            agency=agency_a,
            stance="agrees",
            text="Yenə.",
        )
    )
    assert "already replied" in second["agency"][0]
    assert Reply.objects.count() == 1
    services.answer_reply(user=member, reply=reply, text="Sənəd göstərilməyib.")
    with pytest.raises(NotEditable):
        services.answer_reply(user=member, reply=reply, text="Yenə.")
    assert Reply.objects.get().answer == "Sənəd göstərilməyib."


def test_a_reply_by_an_agency_that_is_not_an_executor_is_refused(
    published_assessment, staff_b, agency_b
):
    errors = field_error(
        lambda: services.reply_to_assessment(
            user=staff_b,
            assessment=published_assessment,
            agency=agency_b,
            stance="agrees",
            text="Razıyıq.",
        )
    )
    assert "not an executor" in errors["agency"][0]
    assert not Reply.objects.exists()


def test_an_agency_replies_only_for_itself(published_assessment, staff_b, agency_a):
    errors = field_error(
        lambda: services.reply_to_assessment(
            user=staff_b,
            assessment=published_assessment,
            agency=agency_a,
            stance="agrees",
            text="Razıyıq.",
        )
    )
    assert "agency" in errors and not Reply.objects.exists()


def test_a_reply_after_the_window_is_refused_and_the_window_is_the_secretariats(
    published_assessment, staff_a, agency_a, secretariat_user
):
    late = published_assessment.published_at + timedelta(days=31)
    errors = field_error(
        lambda: services.reply_to_assessment(
            user=staff_a,
            assessment=published_assessment,
            agency=agency_a,
            stance="agrees",
            text="Gecikmiş.",
            now=late,
        )
    )
    assert "ended on" in errors["text"][0]
    services.set_reply_window(
        user=secretariat_user, plan=published_assessment.measure.plan, days=45
    )
    reply = services.reply_to_assessment(
        user=staff_a,
        assessment=published_assessment,
        agency=agency_a,
        stance="agrees",
        text="İndi vaxt var.",
        now=late,
    )
    assert reply.pk


def test_a_site_wide_window_applies_where_a_plan_has_none(published_assessment, secretariat_user):
    services.set_reply_window(user=secretariat_user, days=10)
    deadline = services.reply_deadline(published_assessment)
    assert deadline == published_assessment.published_at + timedelta(days=10)
    assert ReplyWindow.objects.count() == 1
    with pytest.raises(Http404):
        services.set_reply_window(user=published_assessment.created_by, days=3)


def test_the_secretariat_hides_only_with_a_reason_that_is_logged(
    published_assessment, secretariat_user, staff_a
):
    errors = field_error(
        lambda: services.hide_assessment(
            user=secretariat_user, assessment=published_assessment, reason="  "
        )
    )
    assert "reason" in errors
    with pytest.raises(Http404):
        services.hide_assessment(user=staff_a, assessment=published_assessment, reason="Yox.")
    hidden = services.hide_assessment(
        user=secretariat_user, assessment=published_assessment, reason="Şəxsi məlumat var."
    )
    assert hidden.hidden_reason == "Şəxsi məlumat var." and hidden.text == published_assessment.text
    event = AuditEvent.objects.get(detail__contains="Şəxsi məlumat var.")
    assert event.actor == secretariat_user


def test_files_are_kept_with_the_assessment(member, organisation, measure_68, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assessment = assess(
        member, organisation, measure_68, files=[SimpleUploadedFile("foto.png", PNG)]
    )
    item = assessment.files.get()
    assert item.content_type == "image/png" and item.name == "foto.png"
    assert timezone.now() >= item.uploaded_at


def test_a_sub_item_is_assessed_and_its_own_executors_may_reply(
    member, organisation, measure_68, staff_b, agency_b
):
    sub_item = SubItem.objects.create(measure=measure_68, number="6.8.1", title="Təlim kursları")
    SubItemAssignment.objects.create(sub_item=sub_item, role="co", agency=agency_b)
    assessment = assess(member, organisation, measure_68, sub_item=sub_item)
    assert assessment.item_number == "6.8.1"
    services.publish_assessment(user=member, assessment=assessment)
    reply = services.reply_to_assessment(
        user=staff_b, assessment=assessment, agency=agency_b, stance="partly", text="Qismən."
    )
    assert reply.agency == agency_b


def test_a_sub_item_of_another_measure_is_refused(member, organisation, measure_68, seeded):
    other = seeded["open-government-2020-2022"].measures.get(number="1.9")
    sub_item = SubItem.objects.create(measure=other, number="1.9.1", title="Başqa")
    errors = field_error(lambda: assess(member, organisation, measure_68, sub_item=sub_item))
    assert "sub_item" in errors and not Assessment.objects.exists()
