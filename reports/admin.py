from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Evidence, ProgressReport, ReportingPeriod


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["plan", "year", "due_date", "is_open", "is_published"]
    list_filter = ["plan", "is_open", "is_published"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["title", "url", "file", "content_type", "size"]
    readonly_fields = ["content_type", "size"]


@admin.register(ProgressReport)
class ProgressReportAdmin(SimpleHistoryAdmin):
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
    autocomplete_fields = ["agency"]
    raw_id_fields = ["measure"]
    readonly_fields = ["version", "submitted_at", "reviewed_at", "published_at"]
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "report", "content_type", "size", "created_at"]
    search_fields = ["title", "url"]
    raw_id_fields = ["report"]
