"""The review queue's bulk actions: accept or publish several reports, after a confirmation
page that lists exactly what will happen."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nap_portal.content_language import sort_key
from operations import audit

from . import services
from .access import reports_for_user, require_secretariat
from .forms import BulkConfirmForm, BulkSelectionForm
from .models import ProgressReport
from .views import _publication, _queue, _with_query

State = ProgressReport.State

_BULK = {
    "accept": (State.SUBMITTED, services.accept_report, audit.Action.REPORT_ACCEPTED),
    "publish": (State.ACCEPTED, services.publish_report, audit.Action.REPORT_PUBLISHED),
}


@login_required
def bulk_review(request):
    """Accept or publish several reports of the queue: GET lists exactly what will happen
    (for publishing, which files and links become public), asked once; POST runs the service
    for each report on its own and says which succeeded and which were refused, and why."""
    require_secretariat(request.user)
    queue = _queue(request, request.POST if request.method == "POST" else request.GET)
    back = _with_query(reverse("reports:review"), queue.query())
    if request.method == "POST":
        return _run_bulk(request, BulkConfirmForm(request.POST), back)
    form = BulkSelectionForm(request.GET, reports=reports_for_user(request.user))
    if not form.is_valid() or not form.selected().exists():
        messages.error(request, _("Tick at least one report, then choose what to do."))
        return redirect(back)
    action = form.cleaned_data["action"]
    reports = sorted(
        form.selected().prefetch_related("evidence"),
        key=lambda r: (
            r.period.plan.title,
            r.period.year,
            r.measure.sort_key,
            sort_key(r.agency),
        ),
    )
    ready = [r for r in reports if r.state == _BULK[action][0]]
    for report in ready:
        report.publication = _publication(report.evidence.all())
    context = {
        "action": action,
        "ready": ready,
        "skipped": [r for r in reports if r.state != _BULK[action][0]],
        "opens_years": sorted(
            {str(r.period) for r in ready if action == "publish" and not r.period.is_published}
        ),
        "queue": queue,
        "back": back,
    }
    return render(request, "reports/bulk_review.html", context)


def _run_bulk(request, form: BulkConfirmForm, back: str):
    if not form.is_valid():
        messages.error(request, _("Tick at least one report, then choose what to do."))
        return redirect(back)
    action, versions = form.cleaned_data["action"], form.cleaned_data["item"]
    _state, service, audit_action = _BULK[action]
    done, refused = [], []
    for report in (
        reports_for_user(request.user)
        .filter(pk__in=versions)
        .order_by("measure__sort_key", "agency__name", "pk")
    ):
        try:
            report = service(report=report, user=request.user, expected_version=versions[report.pk])
        except services.StaleVersion:
            refused.append((report, _("it changed after you confirmed; look at it again")))
        except (services.InvalidState, ValidationError) as error:
            refused.append((report, " ".join(getattr(error, "messages", [str(error)]))))
        else:
            audit.record(audit_action, request=request, target=report)
            done.append(report)
    if done:
        text = (
            ngettext("%(count)d report accepted.", "%(count)d reports accepted.", len(done))
            if action == "accept"
            else ngettext("%(count)d report published.", "%(count)d reports published.", len(done))
        )
        messages.success(request, text % {"count": len(done)})
    for report, reason in refused:
        messages.error(
            request, _("Not done: %(report)s — %(reason)s") % {"report": report, "reason": reason}
        )
    return redirect(back)
