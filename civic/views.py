"""The civil-society workspace: organisations write and publish assessments and answer
replies; executor agencies reply; the secretariat hides with a reason and sets the window.
Thin views: fetch through civic.access, call civic.services, respond."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reports.access import agencies_of
from reports.visibility import public_measures

from . import services
from .access import (
    NotEditable,
    get_assessment_for_member,
    get_assessment_for_replier,
    get_reply_for_member,
    is_secretariat,
    member_assessments,
    organisations_of,
    repliable_assessments,
    require_secretariat,
)
from .forms import AnswerForm, AssessmentForm, HideForm, ReplyForm, ReplyWindowForm
from .models import Assessment, ReplyWindow


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _conflict(request, reason: str):
    return render(request, "civic/not_editable.html", {"reason": reason}, status=409)


@login_required
def workspace(request):
    own = member_assessments(request.user).select_related("measure__plan", "organisation")
    to_reply = (
        repliable_assessments(request.user)
        .select_related("measure__plan", "organisation")
        .prefetch_related("replies__agency")
    )
    my_agencies = set(agencies_of(request.user).values_list("pk", flat=True))
    rows = []
    for assessment in to_reply.order_by("-published_at"):
        replied = {reply.agency_id for reply in assessment.replies.all()}
        rows.append((assessment, bool(my_agencies - replied), services.reply_deadline(assessment)))
    published = None
    if is_secretariat(request.user):
        published = (
            Assessment.objects.published()
            .select_related("measure__plan", "organisation")
            .order_by("-published_at")[:200]
        )
    return render(
        request,
        "civic/workspace.html",
        {
            "organisations": organisations_of(request.user),
            "own": own.order_by("state", "-updated_at"),
            "to_reply": rows,
            "published": published,
            "secretariat": is_secretariat(request.user),
        },
    )


def _assessment_form(request, assessment=None):
    organisations = organisations_of(request.user)
    if not organisations.exists():
        raise Http404
    initial = {}
    if assessment is not None:
        initial = {
            "organisation": assessment.organisation_id,
            "measure": assessment.measure_id,
            "sub_item": assessment.sub_item.number if assessment.sub_item_id else "",
            "year": assessment.year,
            "completion": assessment.completion,
            "opened_government": assessment.opened_government,
            "text": assessment.text,
        }
    return AssessmentForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        measures=public_measures(),
        initial=initial,
    )


def _save_assessment(request, assessment=None):
    form = _assessment_form(request, assessment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.save_assessment(
                user=request.user,
                organisation=data["organisation"],
                measure=data["measure"],
                sub_item=data["sub_item"],
                year=data["year"],
                completion=data["completion"],
                opened_government=data["opened_government"],
                text=data["text"],
                files=data["files"],
                assessment=assessment,
            )
        except ValidationError as error:
            _form_errors(form, error)
        except NotEditable as error:
            return _conflict(request, error.reason)
        else:
            messages.success(
                request,
                _("Draft saved. Nobody outside your organisation sees it until you publish it."),
            )
            return redirect("civic:assessment", assessment.pk)
    return render(request, "civic/assessment_form.html", {"form": form, "assessment": assessment})


@login_required
def assessment_new(request):
    return _save_assessment(request)


@login_required
def assessment(request, pk: int):
    assessment = get_assessment_for_member(request.user, pk)
    if assessment.state != Assessment.State.DRAFT:
        if request.method == "POST":
            return _conflict(request, _("A published assessment cannot be changed."))
        return render(
            request,
            "civic/assessment_detail.html",
            {
                "assessment": assessment,
                "replies": assessment.replies.select_related("agency").prefetch_related("files"),
                "files": assessment.files.all(),
            },
        )
    return _save_assessment(request, assessment)


@login_required
@require_POST
def assessment_publish(request, pk: int):
    assessment = get_assessment_for_member(request.user, pk)
    try:
        services.publish_assessment(user=request.user, assessment=assessment)
    except NotEditable as error:
        return _conflict(request, error.reason)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("civic:assessment", pk)
    messages.success(
        request,
        _(
            "Assessment published. It is on the measure's public page now; the executors are "
            "told and may reply once within the reply window."
        ),
    )
    return redirect("civic:assessment", pk)


@login_required
def assessment_reply(request, pk: int):
    assessment = get_assessment_for_replier(request.user, pk)
    form = ReplyForm(
        request.POST or None, request.FILES or None, agencies=agencies_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_to_assessment(
                user=request.user, assessment=assessment, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Reply published beside the assessment."))
            return redirect("civic:workspace")
    return render(
        request,
        "civic/reply_form.html",
        {
            "form": form,
            "assessment": assessment,
            "deadline": services.reply_deadline(assessment),
            "replies": assessment.replies.select_related("agency"),
        },
    )


@login_required
def reply_answer(request, pk: int):
    reply = get_reply_for_member(request.user, pk)
    if reply.answered_at is not None:
        return _conflict(request, _("Your organisation has already answered this reply."))
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_reply(user=request.user, reply=reply, text=form.cleaned_data["text"])
        except ValidationError as error:
            _form_errors(form, error)
        except NotEditable as error:
            return _conflict(request, error.reason)
        else:
            messages.success(request, _("Answer published below the reply."))
            return redirect("civic:assessment", reply.assessment_id)
    return render(request, "civic/answer_form.html", {"form": form, "reply": reply})


@login_required
def assessment_hide(request, pk: int):
    require_secretariat(request.user)
    try:
        assessment = Assessment.objects.published().select_related("measure__plan").get(pk=pk)
    except Assessment.DoesNotExist:
        raise Http404 from None
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hide_assessment(
                user=request.user,
                assessment=assessment,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as error:
            _form_errors(form, error)
        except NotEditable as error:
            return _conflict(request, error.reason)
        else:
            messages.success(request, _("Assessment hidden; the reason is shown in its place."))
            return redirect("civic:workspace")
    return render(request, "civic/hide_form.html", {"form": form, "assessment": assessment})


@login_required
def reply_window(request):
    require_secretariat(request.user)
    form = ReplyWindowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_reply_window(user=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Reply window saved."))
            return redirect("civic:reply-window")
    windows = ReplyWindow.objects.select_related("plan").order_by("plan__title")
    return render(
        request,
        "civic/reply_window.html",
        {"form": form, "windows": windows, "default_days": ReplyWindow.DEFAULT_DAYS},
    )
