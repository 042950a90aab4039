"""The admin reads reports; every workflow change goes through ``reports.services``."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from nap_portal.admin_input import HistoryAdmin, ModelAdmin, TabularInline
from operations import audit
from operations.publication import PublishingAdmin
from plans.admin import AssignmentAdmin, MeasureAdmin
from plans.models import Assignment, Measure

from . import services
from .models import (
    AgencySignature,
    Clarification,
    DeadlineExtension,
    Evidence,
    ProgressReport,
    Reminder,
    ReportingPeriod,
    ReviewDigest,
    StoredDocument,
)
from .search_index import reindex_measures


class ReadOnlyMixin:
    """The reporting workflow's records are read here; they change through the services only
    (the workspace, the review pages and this admin's actions)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _run(modeladmin, request, items, action, done_message, audit_action: str) -> None:
    done = 0
    for item in items:
        try:
            action(item)
        except (services.WorkflowError, ValidationError, Http404) as error:
            reason = " ".join(getattr(error, "messages", [])) or str(error) or _("not allowed")
            messages.error(request, f"{item}: {reason}")
        else:
            audit.record(audit_action, request=request, target=item, detail="admin")
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(PublishingAdmin, ModelAdmin):
    list_display = ["plan", "year", "due_date", "is_open", "is_published", "is_final"]
    list_filter = ["plan", "is_open", "is_published"]
    # Opening and publishing mail the agencies, so they are actions calling the services.
    readonly_fields = ["is_open", "is_published", "is_final", "opened_at"]
    actions = ["open_selected", "close_selected", "publish_accepted"]

    @admin.action(description=_("Open for submissions (mails the agencies)"))
    def open_selected(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda p: services.open_period(
                plan=p.plan, year=p.year, due_date=p.due_date, user=request.user
            ),
            _("%(count)d period(s) opened."),
            audit.Action.PERIOD_OPENED,
        )

    @admin.action(description=_("Close for submissions"))
    def close_selected(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda p: services.close_period(period=p, user=request.user),
            _("%(count)d period(s) closed."),
            audit.Action.PERIOD_CLOSED,
        )

    @admin.action(description=_("Publish the accepted reports"))
    def publish_accepted(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda p: services.publish_period(period=p, user=request.user),
            _("Accepted reports of %(count)d period(s) published."),
            audit.Action.PERIOD_PUBLISHED,
        )


class EvidenceInline(ReadOnlyMixin, TabularInline):
    model = Evidence
    extra = 0
    fields = ["title", "url", "file", "is_public", "content_type", "size"]
    readonly_fields = fields


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyMixin, HistoryAdmin):
    list_display = ["measure", "agency", "period", "status", "state", "version"]
    list_filter = [
        "period__plan",
        "period__year",
        "state",
        "status",
        "agency__category",
    ]
    search_fields = ["works_done", "agency__name", "measure__number"]
    list_select_related = ["measure", "agency", "period__plan"]
    inlines = [EvidenceInline]
    actions = ["accept_selected", "publish_selected"]

    def get_readonly_fields(self, request, obj=None):
        # Text and state change only through the workspace and the services, which check
        # roles and states, bump the version and write the history.
        return [field.name for field in self.model._meta.fields]

    @admin.action(description=_("Accept the selected submitted reports"))
    def accept_selected(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda r: services.accept_report(report=r, user=request.user),
            _("%(count)d report(s) accepted."),
            audit.Action.REPORT_ACCEPTED,
        )

    @admin.action(description=_("Publish the selected accepted reports"))
    def publish_selected(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda r: services.publish_report(report=r, user=request.user),
            _("%(count)d report(s) published."),
            audit.Action.REPORT_PUBLISHED,
        )


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyMixin, ModelAdmin):
    list_display = ["__str__", "report", "is_public", "content_type", "size", "created_at"]
    list_filter = ["is_public"]
    search_fields = ["title", "url"]
    list_select_related = ["report"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyMixin, ModelAdmin):
    list_display = ["period", "agency", "kind", "missing_count", "sent_at"]
    list_filter = ["kind", "period"]
    list_select_related = ["period__plan", "agency"]


@admin.register(ReviewDigest)
class ReviewDigestAdmin(ReadOnlyMixin, ModelAdmin):
    list_display = ["day", "report_count", "since", "until", "sent_at"]


@admin.register(Clarification)
class ClarificationAdmin(ReadOnlyMixin, ModelAdmin):
    """The thread is written on the report's page (reports.services)."""

    list_display = ["report", "by_secretariat", "author", "created_at"]
    list_filter = ["by_secretariat"]
    search_fields = ["message", "report__agency__name", "report__measure__number"]
    list_select_related = ["report__measure", "report__agency", "report__period", "author"]
    date_hierarchy = "created_at"


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(ReadOnlyMixin, ModelAdmin):
    """Granted in the secretariat's workspace (reports.services.extend_deadline)."""

    list_display = ["period", "agency", "due_date", "granted_by", "granted_at"]
    list_filter = ["period__plan", "period__year"]
    search_fields = ["agency__name", "reason"]
    list_select_related = ["period__plan", "agency", "granted_by"]


@admin.register(AgencySignature)
class AgencySignatureAdmin(ReadOnlyMixin, HistoryAdmin):
    """Set by the agency in its workspace (reports.services)."""

    list_display = ["agency", "period", "signatory_name", "signed_on", "letter_number"]
    list_filter = ["period__plan", "period__year"]
    search_fields = ["agency__name", "signatory_name", "letter_number"]
    list_select_related = ["period__plan", "agency"]


@admin.register(StoredDocument)
class StoredDocumentAdmin(ReadOnlyMixin, ModelAdmin):
    """What the task queue has built (public.documents), to see a failed or slow build."""

    list_display = ["key", "status", "percent_done", "size", "rows", "build_seconds", "built_at"]
    list_filter = ["status", "kind", "fmt", "language"]
    search_fields = ["key"]
    readonly_fields = [
        "key",
        "kind",
        "plan",
        "period",
        "agency",
        "fmt",
        "language",
        "state",
        "status",
        "file",
        "size",
        "rows",
        "percent_done",
        "build_seconds",
        "queued_at",
        "started_at",
        "built_at",
        "error",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


# The measure and assignment admins of plans, with the search index rebuilt after a change:
# the index holds public report text, which only this layer reads (reports.search_index).
class IndexedMeasureAdmin(MeasureAdmin):
    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        reindex_measures(Measure.objects.filter(pk=form.instance.pk))


class IndexedAssignmentAdmin(AssignmentAdmin):
    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        reindex_measures(Measure.objects.filter(pk=form.instance.measure_id))

    def delete_model(self, request, obj) -> None:
        measure_id = obj.measure_id
        super().delete_model(request, obj)
        reindex_measures(Measure.objects.filter(pk=measure_id))


admin.site.unregister(Measure)
admin.site.register(Measure, IndexedMeasureAdmin)
admin.site.unregister(Assignment)
admin.site.register(Assignment, IndexedAssignmentAdmin)
