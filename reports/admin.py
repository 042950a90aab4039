"""The admin reads reports; every workflow change goes through ``reports.services``."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from nap_portal.admin_input import HistoryAdmin, ModelAdmin
from operations import audit
from plans.admin import AssignmentAdmin, MeasureAdmin
from plans.models import Assignment, Measure

from . import services
from .models import (
    Evidence,
    ProgressReport,
    Reminder,
    ReportingPeriod,
    ReviewDigest,
    StoredDocument,
)
from .search_index import reindex_measures


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
class ReportingPeriodAdmin(ModelAdmin):
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


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["title", "url", "file", "is_public", "content_type", "size"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProgressReport)
class ProgressReportAdmin(HistoryAdmin):
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

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

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
class EvidenceAdmin(ModelAdmin):
    list_display = ["__str__", "report", "is_public", "content_type", "size", "created_at"]
    list_filter = ["is_public"]
    search_fields = ["title", "url"]
    raw_id_fields = ["report"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Reminder)
class ReminderAdmin(ModelAdmin):
    list_display = ["period", "agency", "kind", "missing_count", "sent_at"]
    list_filter = ["kind", "period"]
    readonly_fields = ["period", "agency", "kind", "missing_count", "recipients", "sent_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ReviewDigest)
class ReviewDigestAdmin(ModelAdmin):
    list_display = ["day", "report_count", "since", "until", "sent_at"]
    readonly_fields = ["day", "since", "until", "report_count", "recipients", "sent_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(StoredDocument)
class StoredDocumentAdmin(ModelAdmin):
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
    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        reindex_measures(Measure.objects.filter(pk=obj.measure_id))

    def delete_model(self, request, obj) -> None:
        measure_id = obj.measure_id
        super().delete_model(request, obj)
        reindex_measures(Measure.objects.filter(pk=measure_id))


admin.site.unregister(Measure)
admin.site.register(Measure, IndexedMeasureAdmin)
admin.site.unregister(Assignment)
admin.site.register(Assignment, IndexedAssignmentAdmin)
