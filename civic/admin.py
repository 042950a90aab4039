"""Admin: organisations and their members are administered here; assessments and replies are
read-only (the secretariat never edits them; it hides one with a reason in the workspace)."""

from django.contrib import admin

from .models import (
    Assessment,
    MonitoringActivity,
    MonitoringProject,
    Organisation,
    OrganisationMembership,
    PlanReference,
    Reply,
    ReplyWindow,
)


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    search_fields = ["name", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReferenceInline(admin.TabularInline):
    model = PlanReference
    extra = 0


@admin.register(MonitoringActivity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "organisation", "kind"]
    list_filter = ["organisation", "kind"]
    inlines = [ReferenceInline]


@admin.register(MonitoringProject)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "plan"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "state", "completion", "opened_government", "hidden_at"]
    list_filter = ["state", "completion", "opened_government"]


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "stance", "created_at", "answered_at"]


@admin.register(ReplyWindow)
class ReplyWindowAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "days"]
