"""Plan intake on the write side: the secretariat's uploads kept between preview and
confirm, the preview computed with progress, and the confirmed file applied with the plan's
search text rebuilt.

The engine (plans.intake) compares and writes plan content; this module adds what the
reporting layer owns: uploads bound to their officer, the search index over measures, audit.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from operations import audit
from plans.amendments import LegalBasis
from plans.intake.engine import NewPlan, PlanIntake
from plans.models import Measure

from .access import NotPermitted, require_secretariat
from .models import PlanUpload
from .search_index import reindex_measures

# The page re-reads the progress; saving it every few hundred rows is enough.
PROGRESS_EVERY = 250


def apply_plan_file(*, intake: PlanIntake, user=None, basis: LegalBasis | None = None) -> dict:
    """Save the file to its plan in one transaction, then rebuild the plan's search text."""
    with transaction.atomic():
        summary = intake.apply(user=user, basis=basis)
        reindex_measures(Measure.objects.filter(plan=intake.plan))
    return summary


def create_upload(*, user, name: str, content: bytes, plan=None, new_plan: dict | None = None):
    """Keep an uploaded file for its officer until the preview is confirmed."""
    require_secretariat(user)
    return PlanUpload.objects.create(
        user=user, plan=plan, new_plan=new_plan or {}, file_name=name[:255], content=content
    )


def get_upload_for_user(user, token) -> PlanUpload:
    """The officer's own upload; another user's, or none, is the same 404."""
    require_secretariat(user)
    try:
        return PlanUpload.objects.select_related("plan").get(token=token, user=user)
    except (PlanUpload.DoesNotExist, ValidationError, ValueError, TypeError):
        raise NotPermitted from None


def intake_for(upload: PlanUpload, progress=None) -> PlanIntake:
    new_plan = NewPlan(**upload.new_plan) if upload.new_plan else None
    return PlanIntake(
        name=upload.file_name,
        data=bytes(upload.content),
        plan=upload.plan,
        new_plan=new_plan,
        progress=progress,
    )


def compute_preview(upload: PlanUpload) -> dict:
    """Read the upload and store its preview, saving the progress as rows are read."""
    upload.state = PlanUpload.State.READING
    upload.save(update_fields=["state"])

    preview = intake_for(upload, _progress_saver(upload)).preview()
    upload.preview = preview
    upload.state = PlanUpload.State.READY
    upload.save(update_fields=["preview", "state"])
    return preview


def _progress_saver(upload: PlanUpload):
    def progress(stage: str, done: int, total: int) -> None:
        if done % PROGRESS_EVERY and done != total:
            return
        upload.stage, upload.progress_done, upload.progress_total = stage, done, total
        upload.save(update_fields=["stage", "progress_done", "progress_total"])

    return progress


def confirm_upload(*, upload: PlanUpload, user, basis: LegalBasis) -> dict:
    """Apply a previewed upload (engine errors propagate: NeedsBasis, NotApplicable)."""
    if upload.user_id != user.pk:
        raise Http404
    intake = intake_for(upload, _progress_saver(upload))
    summary = apply_plan_file(intake=intake, user=user, basis=basis)
    upload.plan = intake.plan
    upload.result = summary
    upload.state = PlanUpload.State.SAVED
    upload.error = ""
    upload.content = b""  # applied: the file is no longer needed
    upload.save(update_fields=["plan", "result", "state", "error", "content"])
    audit.record(
        audit.Action.RECORD_CHANGED,
        user=user,
        target=upload.plan,
        detail=_(
            "Plan imported from %(file)s: %(created)s created, %(changed)s changed, "
            "%(removed)s removed, %(amendments)s amendments."
        )
        % {"file": upload.file_name, **summary},
    )
    return summary


def start_saving(upload: PlanUpload) -> None:
    """The officer confirmed: the upload waits for the task that saves it."""
    upload.state = PlanUpload.State.SAVING
    upload.error = ""
    upload.progress_done = upload.progress_total = 0
    upload.save(update_fields=["state", "error", "progress_done", "progress_total"])


def saving_failed(upload: PlanUpload, message: str) -> None:
    """Nothing was saved: back to the preview, with the reason at the confirm form."""
    upload.state = PlanUpload.State.READY
    upload.error = message
    upload.save(update_fields=["state", "error"])
