from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from nap_portal.admin_input import ModelAdmin
from operations.publication import PublishingAdmin

from .models import Assignment, Measure, Plan, Priority


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0


@admin.register(Plan)
class PlanAdmin(PublishingAdmin, ModelAdmin):
    list_display = ["title", "slug", "start_year", "end_year", "status"]
    list_filter = ["status"]
    search_fields = ["title", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [PriorityInline]


@admin.register(Priority)
class PriorityAdmin(PublishingAdmin, ModelAdmin):
    list_display = ["number", "title", "plan"]
    list_filter = ["plan"]
    search_fields = ["title"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 1
    fields = ["role", "agency", "category", "position"]
    autocomplete_fields = ["agency"]


@admin.register(Measure)
class MeasureAdmin(PublishingAdmin, ModelAdmin):
    list_display = ["number", "short_title", "plan__slug", "priority__number", "period_text"]
    list_filter = [
        "plan",
        ("priority", admin.RelatedOnlyFieldListFilter),
        "assignments__role",
        "assignments__category",
    ]
    search_fields = ["number", "title", "indicator", "executors_text"]
    list_select_related = ["plan", "priority"]
    ordering = ["plan", "sort_key"]
    # Reports are not edited here: they change through the workflow's services only
    # (reports.services), which bump the version, record the reason and reindex search.
    inlines = [AssignmentInline]

    @admin.display(description=_("title"))
    def short_title(self, measure: Measure) -> str:
        return measure.title[:100]


@admin.register(Assignment)
class AssignmentAdmin(PublishingAdmin, ModelAdmin):
    list_display = ["measure", "role", "agency", "category"]
    list_filter = ["role", "measure__plan", "category", "agency__category"]
    search_fields = ["measure__number", "agency__name", "category__name"]
    list_select_related = ["measure", "agency", "category"]
    autocomplete_fields = ["agency"]
