"""The agency workspace and the secretariat's review: thin views over access and services."""

import csv
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from django_tasks_db.models import DBTaskResult

from agencies.models import Agency
from nap_portal.cells import neutralise_formula
from nap_portal.content_language import localized_sorted
from nap_portal.grammar import number, year_in_text
from operations import audit
from plans.models import Indicator, IndicatorTarget, Measure, SubItem
from plans.sub_items import in_tree_order

from . import services
from .access import (
    NotEditable,
    agencies_of,
    can_write,
    get_evidence_for_user,
    get_period_for_secretariat,
    get_report_for_user,
    is_secretariat,
    reports_for_user,
    require_secretariat,
    works_for,
    workspace_plans,
)
from .diff import has_changes, word_diff
from .evidence import evidence_download
from .forms import (
    AuditFilterForm,
    ClarificationForm,
    CorrectionForm,
    EvidenceForm,
    ExtensionForm,
    OpenPeriodForm,
    ReportForm,
    ReturnForm,
    ReviewFilterForm,
    SignatureForm,
    WorkspaceFilterForm,
)
from .history import report_timeline, resubmission
from .models import AgencySignature, ProgressReport, ReportingPeriod
from .obligations import (
    compliance,
    is_obliged,
    obligations_for_period,
    period_total,
)
from .visibility import becomes_public_on_publication, public_reports

State = ProgressReport.State


def _not_editable(request, error: NotEditable):
    """The user's own report, not editable now: 409, the same answer as the API gives."""
    return _conflict(request, error.reason, error.report)


def _conflict(request, reason: str, report=None):
    return render(
        request, "reports/not_editable.html", {"report": report, "reason": reason}, status=409
    )


def _form_errors(form, error: ValidationError, names: dict[str, str] | None = None) -> None:
    """Put a service's refusal at the form's fields (``names``: the service's argument name to
    the form's field name, where they differ)."""
    names = names or {}
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            field = names.get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# add_evidence's arguments, named as the report form's fields.
_EVIDENCE_FIELDS = {"url": "evidence_url", "file": "evidence_file", "title": "evidence_title"}


# --- agency workspace -----------------------------------------------------------------------


class WorkspaceView(LoginRequiredMixin, TemplateView):
    """What the user's agencies owe in open periods, with state and days left."""

    template_name = "reports/workspace.html"

    def get(self, request, *args, **kwargs):
        if is_secretariat(request.user) and not agencies_of(request.user).exists():
            return redirect("reports:review")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        agencies = list(agencies_of(self.request.user))
        plans = workspace_plans(self.request.user)
        filters = WorkspaceFilterForm(self.request.GET or None, plans=plans)
        plan = state = None
        if filters.is_valid():
            plan, state = filters.cleaned_data["plan"], filters.cleaned_data["state"]
        periods = ReportingPeriod.objects.filter(is_open=True, plan__in=plans).select_related(
            "plan"
        )
        if plan:
            periods = periods.filter(plan=plan)
        reports = {
            (r.period_id, r.measure_id, r.agency_id): r
            for r in ProgressReport.objects.filter(period__in=periods, agency__in=agencies).only(
                "pk", "state", "period_id", "measure_id", "agency_id", "updated_at"
            )
        }
        today = timezone.localdate()
        rows = []
        owing: dict[tuple[int, int], tuple] = {}
        for period in periods.order_by("due_date", "plan__title"):
            for obligation in obligations_for_period(period, agencies):
                owing.setdefault((period.pk, obligation.agency.pk), (period, obligation.agency))
                report = reports.get((period.pk, obligation.measure.pk, obligation.agency.pk))
                if report:
                    row_state = report.state
                else:
                    # Missing only once the due date has passed (reports.obligations).
                    row_state = "missing" if obligation.past_due else "not_started"
                if state and row_state != state:
                    continue
                rows.append(_Row(obligation, report, row_state, today))
        # Returned reports first (the secretariat waits for them), then by due date: the
        # sort is stable, so the periods' due-date order holds within each group.
        rows.sort(key=lambda row: row.state != State.RETURNED)
        return super().get_context_data(
            agencies=agencies,
            rows=rows,
            filters=filters,
            states=_state_labels(),
            signatures=_signatures(owing, periods, agencies),
            **kwargs,
        )


def _signatures(owing: dict, periods, agencies) -> list[tuple]:
    """``(period, agency, signature or None)`` for each open period and agency that owes
    reports in it: the report is signed once per agency and period."""
    signed = {
        (s.period_id, s.agency_id): s
        for s in AgencySignature.objects.filter(period__in=periods, agency__in=agencies)
    }
    return [(period, agency, signed.get(key)) for key, (period, agency) in owing.items()]


def _state_labels() -> dict[str, str]:
    return {
        "missing": _("Missing"),
        "not_started": pgettext("report state", "Not started"),
        **dict(State.choices),
    }


class _Row:
    def __init__(self, obligation, report, state, today: date):
        self.obligation = obligation
        self.period = obligation.period
        self.measure = obligation.measure
        self.agency = obligation.agency
        self.report = report
        self.state = state
        # The agency's own due date: its extension, if the secretariat gave one.
        due = self.due_date = obligation.due_date
        self.extended = obligation.extended
        self.days_left = (due - today).days if due else None
        waiting = {"missing", "not_started", "draft", "returned"}
        self.overdue = due is not None and due < today and state in waiting
        self.days_overdue = -self.days_left if self.overdue else 0

    @property
    def url(self) -> str:
        if self.report:
            return reverse("reports:detail", args=[self.report.pk])
        return reverse("reports:start", args=[self.period.pk, self.measure.pk, self.agency.pk])


def _previous_report(report_or_obligation) -> ProgressReport | None:
    """The same agency's latest published (public) report on the same measure from an earlier
    year, if any: a plan may have skipped years, or an agency not reported every year."""
    return (
        public_reports()
        .filter(
            measure=report_or_obligation.measure,
            agency=report_or_obligation.agency,
            period__plan_id=report_or_obligation.period.plan_id,
            period__year__lt=report_or_obligation.period.year,
        )
        .select_related("period")
        .order_by("-period__year")
        .first()
    )


class _Target:
    def __init__(self, period, measure, agency):
        self.period, self.measure, self.agency = period, measure, agency


def _form_parts(target) -> dict:
    """The report form's keyword arguments for the measure's numeric indicators (the value
    reached in the period) and its sub-items (a line each), in three queries."""
    # Explicit orders: IndicatorTarget's Meta.ordering (through Indicator's) loops in Django.
    indicators = (
        Indicator.objects.filter(measure=target.measure)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("targets", IndicatorTarget.objects.order_by("year")))
    )
    sub_items = SubItem.objects.filter(measure=target.measure).prefetch_related(
        "assignments__agency", "assignments__category"
    )
    return {
        "indicators": [i for i in indicators if i.is_numeric],
        "sub_items": in_tree_order(sub_items),
        "year": target.period.year,
    }


def _saved_parts(report) -> dict:
    """The report's saved indicator values and sub-item lines, as the form's initial."""
    initial = {
        services.indicator_field(v.indicator_id): number(v.value)
        for v in report.indicator_values.all()
    }
    for line in report.sub_item_lines.all():
        initial[services.sub_item_field(line.sub_item_id, "status")] = line.status
        initial[services.sub_item_field(line.sub_item_id, "text")] = line.text
    return initial


def _render_form(request, *, target, report, form, conflict=None):
    previous = _previous_report(target)
    current_text = form["works_done"].value() or ""
    previous_diff = word_diff(previous.works_done, current_text) if previous else None
    refused = request.method == "POST" and bool(form.errors or conflict)
    unsaved_file = request.FILES.get("evidence_file") if refused else None
    context = {
        "target": target,
        "report": report,
        "form": form,
        "evidence": list(report.evidence.all()) if report else [],
        # A chosen file is never sent back to the browser: say it must be chosen again.
        "unsaved_file": unsaved_file.name if unsaved_file else "",
        # What the form shows is not saved yet: leaving the page asks first (static/js).
        "unsaved": refused,
        "previous": previous,
        "previous_diff": previous_diff,
        "previous_changed": previous_diff is not None and has_changes(previous_diff),
        "conflict": conflict,
        "conflict_diff": word_diff(conflict.current_works_done, conflict.yours_works_done)
        if conflict
        else None,
        "status_labels": dict(ReportForm.base_fields["status"].choices),
        "text_limit": settings.REPORT_TEXT_MAX_LENGTH,
    }
    return render(request, "reports/form.html", context, status=409 if conflict else 200)


def _save_and_maybe_submit(request, form, *, target, report):
    """Save the text, status and evidence together; on "submit", submit too. Returns a
    response: on any refusal the form comes back with everything typed."""
    data = form.cleaned_data
    try:
        saved = services.save_report_with_evidence(
            user=request.user,
            report=report,
            measure=target.measure,
            agency=target.agency,
            period=target.period,
            works_done=data["works_done"],
            status=data["status"],
            expected_version=data["expected_version"],
            new_evidence=form.new_evidence(),
            removed_evidence=list(data["remove_evidence"]),
            indicator_values=form.indicator_values(),
            sub_item_lines=form.sub_item_lines(),
        )
    except services.StaleVersion as stale:
        fresh = ReportForm(
            initial={
                "works_done": stale.yours_works_done,
                "status": stale.yours_status,
                "expected_version": stale.current_version,
                "evidence_title": data["evidence_title"],
                "evidence_url": data["evidence_url"],
                "evidence_visibility": data["evidence_visibility"],
                **form.typed_parts(),
            },
            report=report,
            **_form_parts(target),
        )
        messages.error(
            request,
            _(
                "Someone else saved this report while you were editing it. Your text is kept "
                "in the form and theirs is shown beside it: merge them and save again."
            ),
        )
        return _render_form(request, target=target, report=report, form=fresh, conflict=stale)
    except ValidationError as error:
        _form_errors(form, error, _EVIDENCE_FIELDS)
        return _render_form(request, target=target, report=report, form=form)
    except services.InvalidState as error:
        messages.error(request, str(error))
        return redirect("reports:detail", report.pk) if report else redirect("reports:workspace")
    if request.POST.get("action") == "submit":
        try:
            services.submit_report(report=saved, user=request.user)
        except (ValidationError, services.InvalidState) as error:
            # The draft is saved; the agency sees why it could not be submitted.
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("reports:edit", saved.pk)
        messages.success(request, _submitted_message())
        return redirect("reports:detail", saved.pk)
    messages.success(request, _("Draft saved."))
    return redirect("reports:edit", saved.pk)


def _submitted_message() -> str:
    return _(
        "Report submitted to the secretariat. The secretariat will review it; you will get an "
        "e-mail when it is accepted, or returned with what to change."
    )


@login_required
def start_report(request, period_pk: int, measure_pk: int, agency_pk: int):
    """The form for an obligation that has no report yet; the first save creates it."""
    if not works_for(request.user, agency_pk):
        raise Http404
    periods = ReportingPeriod.objects.filter(plan__in=workspace_plans(request.user))
    period = get_object_or_404(periods.select_related("plan"), pk=period_pk)
    measure = get_object_or_404(Measure.objects.select_related("plan"), pk=measure_pk)
    agency = get_object_or_404(Agency, pk=agency_pk)
    if not is_obliged(period, measure, agency):
        raise Http404
    existing = ProgressReport.objects.filter(period=period, measure=measure, agency=agency).first()
    if existing:
        return redirect("reports:detail", existing.pk)
    if not period.is_open:
        # Owed, but not now: the same 409 as the API's create gives.
        return _conflict(request, _("This reporting period is not open for submissions."))
    target = _Target(period, measure, agency)
    parts = _form_parts(target)
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, **parts)
        if form.is_valid():
            return _save_and_maybe_submit(request, form, target=target, report=None)
        return _render_form(request, target=target, report=None, form=form)
    initial = {"expected_version": 0}
    previous = _previous_report(target)
    if previous and request.GET.get("start_from") == "previous":
        initial.update(works_done=previous.works_done, status=previous.status)
    form = ReportForm(initial=initial, **parts)
    return _render_form(request, target=target, report=None, form=form)


@login_required
def edit_report(request, pk: int):
    try:
        report = get_report_for_user(request.user, pk, write=True)
    except NotEditable as error:
        return _not_editable(request, error)
    parts = _form_parts(report)
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, report=report, **parts)
        if form.is_valid():
            return _save_and_maybe_submit(request, form, target=report, report=report)
        return _render_form(request, target=report, report=report, form=form)
    initial = {
        "works_done": report.works_done,
        "status": report.status,
        "expected_version": report.version,
        **_saved_parts(report),
    }
    previous = _previous_report(report)
    if previous and request.GET.get("start_from") == "previous":
        initial.update(works_done=previous.works_done, status=previous.status)
    form = ReportForm(initial=initial, report=report, **parts)
    return _render_form(request, target=report, report=report, form=form)


@login_required
def sign_report(request, period_pk: int, agency_pk: int):
    """The signature of the agency's report for a period: signatory, position, date and the
    outgoing letter, set once per agency and period (services.sign_agency_report)."""
    if not works_for(request.user, agency_pk):
        raise Http404
    periods = ReportingPeriod.objects.filter(plan__in=workspace_plans(request.user))
    period = get_object_or_404(periods.select_related("plan"), pk=period_pk)
    agency = get_object_or_404(Agency, pk=agency_pk)
    if not obligations_for_period(period, [agency]):
        raise Http404
    if not period.is_open:
        return _conflict(request, _("This reporting period is not open for submissions."))
    signature = AgencySignature.objects.filter(period=period, agency=agency).first()
    form = SignatureForm(request.POST or None, initial=_signature_initial(signature, agency))
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_agency_report(
                user=request.user, agency=agency, period=period, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        except services.InvalidState as error:
            return _conflict(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Signature saved. It is printed under your agency's report for %(year)s "
                    "once the secretariat publishes the year; you can change it while the "
                    "period is open."
                )
                % {"year": year_in_text(period.year)},
            )
            return redirect("reports:workspace")
    return render(
        request,
        "reports/signature.html",
        {"period": period, "agency": agency, "signature": signature, "form": form},
    )


def _signature_initial(signature, agency) -> dict:
    """The saved signature; for a first one, the signatory of the agency's latest signature
    (people sign year after year), with the dates left for the user."""
    if signature is None:
        latest = AgencySignature.objects.filter(agency=agency).order_by("-signed_on").first()
        if latest is None:
            return {}
        return {
            "signatory_name": latest.signatory_name,
            "signatory_position": latest.signatory_position,
        }
    return {
        name: getattr(signature, name)
        for name in (
            "signatory_name",
            "signatory_position",
            "signed_on",
            "letter_number",
            "letter_date",
        )
    }


@login_required
def report_detail(request, pk: int):
    report = get_report_for_user(request.user, pk)
    return _render_detail(request, report, ClarificationForm())


def _render_detail(request, report, clarification_form):
    secretariat = is_secretariat(request.user)
    evidence = list(report.evidence.all())
    queue = _queue(request, request.GET) if secretariat else None
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "evidence": evidence,
            "publication": _publication(evidence),
            "can_edit": can_write(request.user, report),
            "secretariat": secretariat,
            "return_form": ReturnForm() if secretariat else None,
            "resubmission": resubmission(report) if secretariat else None,
            "queue": queue,
            "queue_query": queue.query() if queue else "",
            "clarifications": report.clarifications.select_related("author"),
            "clarification_form": clarification_form,
        },
    )


@login_required
@require_POST
def clarify(request, pk: int):
    """A message in the report's thread; on a refusal the page comes back with the text."""
    report = get_report_for_user(request.user, pk)
    form = ClarificationForm(request.POST)
    if form.is_valid():
        try:
            clarification = services.post_clarification(
                report=report, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if clarification.by_secretariat:
                messages.success(request, _("Message sent; the agency is told by mail."))
            else:
                messages.success(request, _("Message sent; the secretariat is told by mail."))
            return redirect(reverse("reports:detail", args=[report.pk]) + "#clarifications")
    return _render_detail(request, report, form)


def _publication(evidence) -> dict[str, list]:
    """A report's evidence split by what publishing the report does to it: ``public`` goes
    out, ``internal`` stays with the agency and the secretariat."""
    split: dict[str, list] = {"public": [], "internal": []}
    for item in evidence:
        split["public" if becomes_public_on_publication(item) else "internal"].append(item)
    return split


@login_required
@require_POST
def submit(request, pk: int):
    report = get_report_for_user(request.user, pk)
    try:
        services.submit_report(
            report=report, user=request.user, expected_version=request.POST.get("expected_version")
        )
    except services.StaleVersion:
        messages.error(request, _("The report changed meanwhile; look at it again, then submit."))
    except (services.InvalidState, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _submitted_message())
    return redirect("reports:detail", report.pk)


@login_required
def history(request, pk: int):
    report = get_report_for_user(request.user, pk)
    return render(
        request, "reports/history.html", {"report": report, "entries": report_timeline(report)}
    )


@login_required
@require_POST
def add_evidence(request, pk: int):
    try:
        report = get_report_for_user(request.user, pk, write=True)
    except NotEditable as error:
        return _not_editable(request, error)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(report=report, user=request.user, **form.evidence())
        except (ValidationError, services.InvalidState) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("Evidence added."))
            return redirect("reports:edit", report.pk)
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("reports:edit", report.pk)


@login_required
def evidence_file(request, pk: int, evidence_pk: int):
    """Serve an evidence file to those who may read its report, always as a download."""
    evidence = get_evidence_for_user(request.user, pk, evidence_pk)
    if not evidence.file:
        raise Http404
    return evidence_download(evidence)


@login_required
@require_POST
def remove_evidence(request, pk: int, evidence_pk: int):
    try:
        get_report_for_user(request.user, pk, write=True)
    except NotEditable as error:
        return _not_editable(request, error)
    evidence = get_evidence_for_user(request.user, pk, evidence_pk)
    try:
        services.remove_evidence(evidence=evidence, user=request.user)
    except services.InvalidState as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Evidence removed."))
    return redirect("reports:edit", pk)


# --- secretariat ----------------------------------------------------------------------------


def _review_action(request, pk: int, action, success: str, audit_action: str, **kwargs):
    """Run a review step; on success go to the next report of the same queue (the filters
    come along in the form), or back to the queue when none is left."""
    report = get_report_for_user(request.user, pk)
    require_secretariat(request.user)
    queue = _queue(request, request.POST)
    try:
        report = action(report=report, user=request.user, **kwargs)
    except (services.InvalidState, services.StaleVersion, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(_with_query(reverse("reports:detail", args=[report.pk]), queue.query()))
    audit.record(audit_action, request=request, target=report, detail=kwargs.get("comment", ""))
    return _next_in_queue(request, queue, after=report, done=success)


def _queue(request, data) -> ReviewFilterForm:
    """The review queue's filters, as given in ``data`` (the queue page's query, or carried
    along by a report's page and its action forms)."""
    return ReviewFilterForm(data or None, plans=workspace_plans(request.user))


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def _next_in_queue(request, queue: ReviewFilterForm, *, after, done: str):
    following = queue.next_report(reports_for_user(request.user), after=after)
    if following is None:
        messages.success(request, done + " " + _("No report is left waiting in this queue."))
        return redirect(_with_query(reverse("reports:review"), queue.query()))
    messages.success(
        request,
        done + " " + _("Next in the queue: %(report)s.") % {"report": following},
    )
    return redirect(_with_query(reverse("reports:detail", args=[following.pk]), queue.query()))


@login_required
@require_POST
def accept(request, pk: int):
    return _review_action(
        request,
        pk,
        services.accept_report,
        _(
            "Report accepted. The agency gets an e-mail; the report becomes public when you "
            "publish it or its year."
        ),
        audit.Action.REPORT_ACCEPTED,
    )


@login_required
@require_POST
def publish(request, pk: int):
    return _review_action(
        request,
        pk,
        services.publish_report,
        _(
            "Report published. It is on the measure's public page now, and the agency gets an "
            "e-mail; the year stays provisional until you publish the whole year."
        ),
        audit.Action.REPORT_PUBLISHED,
    )


@login_required
def return_(request, pk: int):
    report = get_report_for_user(request.user, pk)
    require_secretariat(request.user)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _review_action(
            request,
            pk,
            services.return_report,
            _(
                "Report returned to the agency. The agency gets an e-mail with your comment; "
                "the report comes back to the review queue when they submit it again."
            ),
            audit.Action.REPORT_RETURNED,
            comment=form.cleaned_data["comment"],
        )
    queue = _queue(request, request.POST if request.method == "POST" else request.GET)
    return render(
        request,
        "reports/return.html",
        {"report": report, "form": form, "queue": queue, "queue_query": queue.query()},
    )


@login_required
def correct(request, pk: int):
    report = get_report_for_user(request.user, pk)
    require_secretariat(request.user)
    if request.method == "POST":
        form = CorrectionForm(request.POST)
        if form.is_valid():
            try:
                services.correct_report(report=report, user=request.user, **form.cleaned_data)
            except services.StaleVersion:
                messages.error(request, _("The report changed meanwhile; correct it again."))
                return redirect("reports:correct", report.pk)
            except ValidationError as error:
                _form_errors(form, error)
            except services.InvalidState as error:
                messages.error(request, str(error))
                return redirect("reports:detail", report.pk)
            else:
                messages.success(request, _("Correction published."))
                return redirect("reports:detail", report.pk)
    else:
        form = CorrectionForm(
            initial={
                "works_done": report.works_done,
                "status": report.status,
                "expected_version": report.version,
            }
        )
    return render(request, "reports/correct.html", {"report": report, "form": form})


REVIEW_PAGE_SIZE = 50


@login_required
def review_queue(request):
    require_secretariat(request.user)
    filters = _queue(request, request.GET)
    reports = filters.reports(reports_for_user(request.user))
    page = Paginator(reports, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    query = filters.query()
    return render(
        request,
        "reports/review.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "page_query": f"{query}&" if query else "",
        },
    )


@login_required
def periods(request):
    require_secretariat(request.user)
    form = OpenPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.open_period(user=request.user, **form.cleaned_data)
        except (services.InvalidState, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            audit.record(audit.Action.PERIOD_OPENED, request=request, target=period)
            messages.success(request, _("Reporting period %(period)s opened.") % {"period": period})
            return redirect("reports:periods")
    rows = ReportingPeriod.objects.select_related("plan").annotate(
        report_count=Count("reports"),
        submitted_count=Count("reports", filter=Q(reports__state=State.SUBMITTED)),
        accepted_count=Count("reports", filter=Q(reports__state=State.ACCEPTED)),
        published_count=Count("reports", filter=Q(reports__state=State.PUBLISHED)),
    )
    return render(request, "reports/periods.html", {"periods": rows, "form": form})


@login_required
def publish_period(request, pk: int):
    """GET: what publishing the year makes public (reports, files, links), asked once;
    POST: publish it."""
    period = get_period_for_secretariat(request.user, pk)
    if request.method != "POST":
        reports = list(
            period.reports.filter(state=State.ACCEPTED)
            .select_related("measure", "agency")
            .prefetch_related("evidence")
            .order_by("measure__sort_key", "agency__name")
        )
        for report in reports:
            report.publication = _publication(report.evidence.all())
        return render(
            request, "reports/publish_period.html", {"period": period, "reports": reports}
        )
    published = services.publish_period(period=period, user=request.user)
    audit.record(
        audit.Action.PERIOD_PUBLISHED,
        request=request,
        target=period,
        detail=", ".join(str(report) for report in published)[:2000],
    )
    messages.success(
        request,
        _(
            "%(count)d reports published. The year's results are final and public now: the "
            "consolidated report can be downloaded, and the agencies get an e-mail."
        )
        % {"count": len(published)},
    )
    return redirect("reports:periods")


@login_required
def compliance_table(request, pk: int):
    period = get_period_for_secretariat(request.user, pk)
    return _render_compliance(request, period, None)


def _render_compliance(request, period, form):
    # The official order (Azerbaijani) in the CSV and the API; the reader's order on the page.
    rows = localized_sorted(compliance(period), key=lambda row: row.agency)
    if form is None:
        form = ExtensionForm(agencies=[row.agency for row in rows if row.expected])
    return render(
        request,
        "reports/compliance.html",
        {
            "period": period,
            "rows": rows,
            "total": period_total(rows),
            "extension_form": form,
            "extensions": period.extensions.select_related("agency", "granted_by"),
        },
    )


@login_required
@require_POST
def extend_deadline(request, pk: int):
    """Give one agency of the period a later due date; the figures honour it at once."""
    period = get_period_for_secretariat(request.user, pk)
    agencies = [row.agency for row in compliance(period) if row.expected]
    form = ExtensionForm(request.POST, agencies=agencies)
    if form.is_valid():
        try:
            extension = services.extend_deadline(
                period=period, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        except services.InvalidState as error:
            form.add_error(None, str(error))
        else:
            audit.record(
                audit.Action.RECORD_CHANGED,
                request=request,
                target=extension,
                detail=extension.reason,
            )
            messages.success(
                request,
                _("%(agency)s now has until %(date)s.")
                % {
                    "agency": extension.agency.name,
                    "date": extension.due_date.strftime("%d.%m.%Y"),
                },
            )
            return redirect("reports:compliance", period.pk)
    return _render_compliance(request, period, form)


@login_required
def compliance_csv(request, pk: int):
    period = get_period_for_secretariat(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"compliance-{period.plan.slug}-{period.year}.csv"
    audit.record(audit.Action.EXPORT, request=request, target=period, detail=filename)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # Excel needs the BOM to read UTF-8.
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Agency"),
            _("Expected"),
            _("Handed in"),
            _("On time"),
            _("Missing"),
            _("Not yet due"),
            _("Returned"),
            _("Recommended: invited"),
            _("Recommended: handed in"),
            _("Due"),
            _("Extended"),
        ]
    )
    for row in compliance(period):
        writer.writerow(
            [
                neutralise_formula(row.agency.name),
                row.expected,
                row.handed_in,
                row.on_time,
                row.missing,
                row.not_yet_due,
                row.returned,
                row.recommended_expected,
                row.recommended_handed_in,
                row.due_date.isoformat() if row.due_date else "",
                _("yes") if row.extended else "",
            ]
        )
    return response


# --- operations: the audit trail and the task queue -----------------------------------------

AUDIT_PAGE_SIZE = 50


@login_required
def audit_trail(request):
    """Who did what, when, from where: searchable by the secretariat, 404 for everyone else."""
    require_secretariat(request.user)
    filters = AuditFilterForm(request.GET or None)
    page = Paginator(filters.events(), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/audit.html",
        {"page": page, "filters": filters, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_csv(request):
    """The audit page's events as CSV, streamed, with the same filters."""
    require_secretariat(request.user)
    filters = AuditFilterForm(request.GET or None)
    events = filters.events()
    audit.record(
        audit.Action.EXPORT, request=request, target="audit.csv", detail=request.GET.urlencode()
    )
    writer = csv.writer(_Echo())
    labels = dict(audit.Action.choices)

    def rows():
        yield "\ufeff"  # Excel needs the BOM to read UTF-8.
        yield writer.writerow(
            [_("Time"), _("User"), _("Action"), _("Object"), _("Details"), _("IP address")]
        )
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    timezone.localtime(event.at).isoformat(timespec="seconds"),
                    neutralise_formula(event.actor_name),
                    labels.get(event.action, event.action),
                    neutralise_formula(event.target),
                    neutralise_formula(event.detail),
                    event.ip or "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response


def _task_labels() -> tuple[dict[str, str], dict[str, str]]:
    """What each task does and its state, in the reader's language (the queue's own labels
    have no Azerbaijani)."""
    names = {
        "reports.tasks.send_email": _("Mail"),
        "reports.tasks.export_report": _("Report export"),
        "plans.tasks.reindex_search": _("Search reindex"),
        "reports.tasks.preview_plan_upload": _("Plan import: reading the file"),
        "reports.tasks.save_plan_upload": _("Plan import: saving the plan"),
    }
    states = {
        "READY": _("Queued"),
        "RUNNING": _("Running"),
        "SUCCESSFUL": _("Done"),
        "FAILED": _("Failed"),
    }
    return names, states


@login_required
def task_list(request):
    """The task queue's latest work (mail, exports, reindex) and its state, for the secretariat."""
    require_secretariat(request.user)
    names, states = _task_labels()
    tasks = [
        {
            "name": names.get(task.task_path, task.task_path),
            "state": states.get(task.status, task.status),
            "enqueued_at": task.enqueued_at,
            "run_after": task.run_after if task.status == "READY" else None,
            "finished_at": task.finished_at,
            "error": task.exception_class_path.rsplit(".", 1)[-1],
        }
        for task in DBTaskResult.objects.order_by("-enqueued_at")[:100]
    ]
    return render(request, "reports/tasks.html", {"tasks": tasks})
