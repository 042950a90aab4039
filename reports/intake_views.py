"""The secretariat's plan import: upload → preview (with progress) → map names → confirm.

Secretariat only; an upload opens only for the officer who made it (any other user, and a
token that names nothing, get the same 404). Nothing is saved to the plan until confirm.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from operations import audit
from plans.amendments import is_amendment
from plans.intake.export import export_plan, template_file
from plans.intake.names import NameTaken, add_agency, map_name_to_agency
from plans.intake.template import COLUMNS
from plans.models import Plan

from .access import require_secretariat
from .intake_forms import ConfirmForm, MapNameForm, UploadForm, agency_choices
from .models import PlanUpload
from .plan_intake import create_upload, get_upload_for_user, start_saving
from .tasks import preview_plan_upload, save_plan_upload

FORMATS = ("xlsx", "csv")


@login_required
def intake(request):
    """Upload a plan file; the template, its columns and every plan's export."""
    require_secretariat(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        upload = create_upload(
            user=request.user,
            name=upload_file.name,
            content=upload_file.read(),
            plan=form.cleaned_data["plan"],
            new_plan=form.new_plan(),
        )
        preview_plan_upload.enqueue(upload.pk)
        return redirect("reports:intake_upload", token=upload.token)
    uploads = PlanUpload.objects.filter(user=request.user).select_related("plan").defer("content")
    context = {
        "form": form,
        "columns": COLUMNS,
        "plans": Plan.objects.order_by("-start_year", "title"),
        "uploads": uploads[:10],
    }
    return render(request, "reports/intake.html", context)


def _preview_context(upload: PlanUpload, request, *, name_form=None, confirm_form=None) -> dict:
    preview = upload.preview or {}
    show_all = request.GET.get("show") == "all"
    rows = preview.get("rows", [])
    shown = rows if show_all else [r for r in rows if r["action"] != "unchanged" or r["errors"]]
    needs_basis = upload.plan is not None and is_amendment(upload.plan)
    agencies = agency_choices()
    name_forms = []
    for entry in preview.get("unresolved", []):
        if name_form is not None and name_form.data.get("name") == entry["name"]:
            name_forms.append((entry, name_form))
        else:
            name_forms.append(
                (entry, MapNameForm(initial={"name": entry["name"]}, agencies=agencies))
            )
    return {
        "upload": upload,
        "preview": preview,
        "summary": preview.get("summary", {}),
        "rows": shown,
        "show_all": show_all,
        "hidden_unchanged": len(rows) - len(shown),
        "name_forms": name_forms,
        "confirm_form": confirm_form or _confirm_form(upload, needs_basis),
        "needs_basis": needs_basis,
        "plan_label": upload.plan.title if upload.plan else upload.new_plan.get("title", ""),
        "percent": int(100 * upload.progress_done / upload.progress_total)
        if upload.progress_total
        else 0,
    }


def _confirm_form(upload: PlanUpload, needs_basis: bool) -> ConfirmForm:
    form = ConfirmForm(needs_basis=needs_basis)
    if upload.error:  # the last confirm saved nothing: say why at the form
        form = ConfirmForm({}, needs_basis=False)
        form.is_valid()
        form.add_error(None, upload.error)
    return form


@login_required
def intake_upload(request, token):
    """The upload's progress while it is read, then its preview; after confirm, the result."""
    upload = get_upload_for_user(request.user, token)
    return render(request, "reports/intake_preview.html", _preview_context(upload, request))


def _reread(upload: PlanUpload) -> None:
    upload.state = PlanUpload.State.QUEUED
    upload.progress_done = upload.progress_total = 0
    upload.save(update_fields=["state", "progress_done", "progress_total"])
    preview_plan_upload.enqueue(upload.pk)


@login_required
@require_POST
def intake_map_name(request, token):
    """Map one unresolved executor name (alias or new agency), then read the file again."""
    upload = get_upload_for_user(request.user, token)
    if upload.state != PlanUpload.State.READY:
        return redirect("reports:intake_upload", token=upload.token)
    form = MapNameForm(request.POST, agencies=agency_choices())
    if form.is_valid():
        name = form.cleaned_data["name"]
        try:
            if form.cleaned_data["agency"]:
                map_name_to_agency(name=name, agency=form.cleaned_data["agency"])
            else:
                agency = add_agency(name=name, category=form.cleaned_data["category"])
                audit.record(audit.Action.RECORD_CREATED, request=request, target=agency)
        except NameTaken:
            form.add_error(None, _("This name already names an agency."))
        else:
            messages.success(
                request, _("“%(name)s” is mapped; the file is read again.") % {"name": name}
            )
            _reread(upload)
            return redirect("reports:intake_upload", token=upload.token)
    context = _preview_context(upload, request, name_form=form)
    return render(request, "reports/intake_preview.html", context, status=200)


@login_required
@require_POST
def intake_confirm(request, token):
    """Save the previewed file to the plan (amendments with the legal basis when in force)."""
    upload = get_upload_for_user(request.user, token)
    preview = upload.preview or {}
    if upload.state != PlanUpload.State.READY or preview.get("refused"):
        return redirect("reports:intake_upload", token=upload.token)
    if preview.get("summary", {}).get("errors"):
        return redirect("reports:intake_upload", token=upload.token)  # the page lists them
    needs_basis = upload.plan is not None and is_amendment(upload.plan)
    form = ConfirmForm(request.POST, needs_basis=needs_basis)
    if form.is_valid():
        start_saving(upload)
        basis = {
            "number": form.cleaned_data["basis"],
            "date": form.cleaned_data["basis_date"].isoformat()
            if form.cleaned_data["basis_date"]
            else "",
            "reason": form.cleaned_data["reason"],
        }
        save_plan_upload.enqueue(upload.pk, basis)
        return redirect("reports:intake_upload", token=upload.token)
    context = _preview_context(upload, request, confirm_form=form)
    return render(request, "reports/intake_preview.html", context)


def _download(filename: str, content_type: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def intake_template(request, fmt: str):
    """The empty plan template (headers and an example priority and measure)."""
    require_secretariat(request.user)
    if fmt not in FORMATS:
        raise Http404
    return _download(*template_file(fmt))


@login_required
def intake_export(request, slug: str, fmt: str):
    """Any plan in the template, ready to edit and import again."""
    require_secretariat(request.user)
    if fmt not in FORMATS:
        raise Http404
    plan = get_object_or_404(Plan, slug=slug)
    filename, content_type, content = export_plan(plan, fmt)
    audit.record(audit.Action.EXPORT, request=request, target=plan, detail=filename)
    return _download(filename, content_type, content)
