"""Every write of civil-society records, with its rules (the shape of reports.services).

Each function is atomic, checks permission first (404, like a missing object), then state
(``NotEditable``: 409), then input (``ValidationError`` keyed by field, nothing saved), and
sends mail after commit. The public pages change with every write here: the page cache's
``bump`` belongs after each one that touches public data (publish, hide, reply, answer).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.models import Agency
from operations import audit
from operations.publication import bump
from plans.models import Measure, Plan, SubItem
from reports import emails
from reports.access import works_for
from reports.evidence import EXTENSIONS, validate_upload

from .access import NotEditable, executor_agencies, is_member, is_secretariat
from .models import (
    Assessment,
    CivicFile,
    CompletionLevel,
    OpenGovernmentEffect,
    Organisation,
    Reply,
    ReplyWindow,
)

TEXT_MAX_LENGTH = 20000


def _clean_text(text: str | None, field: str, label: str) -> str:
    text = (text or "").replace("\x00", "").strip()
    if not text:
        raise ValidationError({field: _("Enter %(what)s.") % {"what": label}})
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {field: _("At most %(limit)d characters.") % {"limit": TEXT_MAX_LENGTH}}
        )
    return text


def _check_files(files, field: str = "files") -> list[tuple]:
    """Each upload's checked content type, or the first refusal as a field error."""
    checked = []
    for upload in files or []:
        try:
            checked.append((upload, validate_upload(upload)))
        except ValidationError as error:
            name = Path(upload.name or "").name
            raise ValidationError({field: [f"{name}: {m}" for m in error.messages]}) from None
    return checked


def _attach(checked: list[tuple], **owner) -> None:
    for upload, content_type in checked:
        stem = Path(upload.name or "file").stem[:80] or "file"
        item = CivicFile(content_type=content_type, size=upload.size, **owner)
        item.file.save(f"{stem}.{EXTENSIONS[content_type]}", upload, save=False)
        item.save()


def check_assessable(measure: Measure, year: int | None, sub_item: SubItem | None) -> None:
    """A measure of a plan that is no longer a draft, for a year of the plan."""
    plan = measure.plan
    if plan.status == Plan.Status.DRAFT:
        raise ValidationError(
            {"measure": _("This plan is a draft; its measures cannot be assessed yet.")}
        )
    if year is None or year not in plan.years:
        raise ValidationError(
            {
                "year": _("Choose a year of the plan, %(start)d–%(end)d.")
                % {"start": plan.start_year, "end": plan.end_year}
            }
        )
    if sub_item is not None and sub_item.measure_id != measure.pk:
        raise ValidationError({"sub_item": _("This sub-item belongs to another measure.")})


@transaction.atomic
def save_assessment(
    *,
    user,
    organisation: Organisation,
    measure: Measure,
    year: int | None,
    completion: str,
    opened_government: str,
    text: str,
    sub_item: SubItem | None = None,
    files=(),
    assessment: Assessment | None = None,
) -> Assessment:
    """Create or change a draft assessment of the member's organisation."""
    if not is_member(user, organisation.pk):
        raise Http404
    if assessment is not None:
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.organisation_id != organisation.pk:
            raise Http404
        if assessment.state != Assessment.State.DRAFT:
            raise NotEditable(_("A published assessment cannot be changed."))
    check_assessable(measure, year, sub_item)
    if completion not in CompletionLevel.values:
        raise ValidationError({"completion": _("Choose the level of completion.")})
    if opened_government not in OpenGovernmentEffect.values:
        raise ValidationError({"opened_government": _("Choose whether it opened government.")})
    text = _clean_text(text, "text", _("the assessment"))
    checked = _check_files(files)
    duplicate = Assessment.objects.filter(
        organisation=organisation, measure=measure, sub_item=sub_item, year=year
    )
    if assessment is not None:
        duplicate = duplicate.exclude(pk=assessment.pk)
    if duplicate.exists():
        raise ValidationError(
            {"year": _("Your organisation has already assessed this item for this year.")}
        )
    values = {
        "measure": measure,
        "sub_item": sub_item,
        "year": year,
        "completion": completion,
        "opened_government": opened_government,
        "text": text,
    }
    if assessment is None:
        assessment = Assessment.objects.create(organisation=organisation, created_by=user, **values)
    else:
        for name, value in values.items():
            setattr(assessment, name, value)
        assessment.save(update_fields=[*values, "updated_at"])
    _attach(checked, organisation=organisation, assessment=assessment)
    return assessment


def reply_deadline(assessment: Assessment):
    """The last moment an executor may reply: publication plus the plan's window (or the
    site-wide one, or 30 days)."""
    windows = {
        window.plan_id: window.days
        for window in ReplyWindow.objects.filter(
            Q(plan__isnull=True) | Q(plan_id=assessment.measure.plan_id)
        )
    }
    days = windows.get(assessment.measure.plan_id) or windows.get(None) or ReplyWindow.DEFAULT_DAYS
    return (assessment.published_at or timezone.now()) + timedelta(days=days)


@transaction.atomic
def publish_assessment(*, user, assessment: Assessment) -> Assessment:
    """Publish the member's draft and tell the measure's executors (mail and workspace)."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if not is_member(user, assessment.organisation_id):
        raise Http404
    if assessment.state != Assessment.State.DRAFT:
        raise NotEditable(_("This assessment is already published."))
    check_assessable(assessment.measure, assessment.year, assessment.sub_item)
    assessment.state = Assessment.State.PUBLISHED
    assessment.published_at = timezone.now()
    assessment.save(update_fields=["state", "published_at", "updated_at"])
    _mail_executors(assessment)
    bump("civil-society assessment published")
    return assessment


def _mail_executors(assessment: Assessment) -> None:
    agencies = list(executor_agencies(assessment.measure, assessment.sub_item))
    addresses = emails.staff_emails(agencies)
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(
            "civic/mail/assessment_published.txt",
            {
                "assessment": assessment,
                "deadline": reply_deadline(assessment),
                "url": emails.site_url(
                    f"/workspace/civil-society/assessments/{assessment.pk}/reply/"
                ),
            },
        )
    subject, _sep, body = text.strip().partition("\n")
    messages = [
        (subject.strip(), body.strip() + "\n", addresses[agency.pk])
        for agency in agencies
        if addresses.get(agency.pk)
    ]
    if messages:
        transaction.on_commit(lambda: emails.send(messages))


@transaction.atomic
def hide_assessment(*, user, assessment: Assessment, reason: str, request=None) -> Assessment:
    """The secretariat hides a published assessment; the reason is shown in its place and the
    act is in the audit trail. It never changes the assessment's text."""
    if not is_secretariat(user):
        raise Http404
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.state != Assessment.State.PUBLISHED or assessment.is_hidden:
        raise NotEditable(_("Only a published assessment that is shown can be hidden."))
    reason = _clean_text(reason, "reason", _("the reason, shown to the public"))
    assessment.hidden_at = timezone.now()
    assessment.hidden_reason = reason
    assessment.hidden_by = user
    assessment.save(update_fields=["hidden_at", "hidden_reason", "hidden_by", "updated_at"])
    audit.record(
        audit.Action.RECORD_CHANGED,
        request=request,
        user=user,
        target=assessment,
        detail=f"civil-society assessment hidden: {reason}",
    )
    bump("civil-society assessment hidden")
    return assessment


@transaction.atomic
def reply_to_assessment(
    *,
    user,
    assessment: Assessment,
    agency: Agency | None,
    stance: str,
    text: str,
    files=(),
    now=None,
) -> Reply:
    """An executor agency's one reply, within the window."""
    assessment = (
        Assessment.objects.select_for_update().select_related("measure__plan").get(pk=assessment.pk)
    )
    if assessment.state != Assessment.State.PUBLISHED or assessment.is_hidden:
        raise Http404
    if agency is None or not works_for(user, agency.pk):
        raise ValidationError({"agency": _("Choose the agency you reply for.")})
    if not executor_agencies(assessment.measure, assessment.sub_item).filter(pk=agency.pk).exists():
        raise ValidationError(
            {"agency": _("%(agency)s is not an executor of this measure.") % {"agency": agency}}
        )
    if Reply.objects.filter(assessment=assessment, agency=agency).exists():
        raise ValidationError({"agency": _("%(agency)s has already replied.") % {"agency": agency}})
    deadline = reply_deadline(assessment)
    if (now or timezone.now()) > deadline:
        raise ValidationError(
            {
                "text": _("The time to reply ended on %(date)s.")
                % {"date": timezone.localtime(deadline).date().isoformat()}
            }
        )
    if stance not in dict(Reply.Stance.choices):
        raise ValidationError({"stance": _("Choose whether the agency agrees.")})
    text = _clean_text(text, "text", _("the reply"))
    checked = _check_files(files)
    reply = Reply.objects.create(
        assessment=assessment, agency=agency, stance=stance, text=text, created_by=user
    )
    _attach(checked, reply=reply)
    bump("agency reply to an assessment")
    return reply


@transaction.atomic
def answer_reply(*, user, reply: Reply, text: str) -> Reply:
    """The organisation's one answer to a reply."""
    reply = Reply.objects.select_for_update().select_related("assessment").get(pk=reply.pk)
    if not is_member(user, reply.assessment.organisation_id):
        raise Http404
    if reply.answered_at is not None:
        raise NotEditable(_("Your organisation has already answered this reply."))
    reply.answer = _clean_text(text, "text", _("the answer"))
    reply.answered_at = timezone.now()
    reply.answered_by = user
    reply.save(update_fields=["answer", "answered_at", "answered_by"])
    bump("organisation answer to a reply")
    return reply


@transaction.atomic
def set_reply_window(*, user, days: int, plan: Plan | None = None, request=None) -> ReplyWindow:
    """The secretariat sets the days executors have to reply, for a plan or site-wide."""
    if not is_secretariat(user):
        raise Http404
    if not isinstance(days, int) or not 1 <= days <= 365:
        raise ValidationError({"days": _("Give a number of days from 1 to 365.")})
    window = ReplyWindow.objects.select_for_update().filter(plan=plan).order_by("pk").first()
    if window is None:
        window = ReplyWindow.objects.create(plan=plan, days=days)
    else:
        window.days = days
        window.save(update_fields=["days"])
    audit.record(
        audit.Action.RECORD_CHANGED,
        request=request,
        user=user,
        target=window,
        detail=f"reply window: {days} days",
    )
    return window
