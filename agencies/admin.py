from django.contrib import admin

from nap_portal.admin_input import ModelAdmin, TabularInline
from operations.publication import PublishingAdmin

from .models import Agency, AgencyAlias, AgencyCategory, AgencyMembership


class AgencyAliasInline(TabularInline):
    model = AgencyAlias
    extra = 1
    fields = ["alias"]


class AgencyMembershipInline(TabularInline):
    model = AgencyMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(AgencyCategory)
class AgencyCategoryAdmin(PublishingAdmin, ModelAdmin):
    list_display = ["name", "name_en", "code", "order"]
    search_fields = ["name", "name_en", "code"]


@admin.register(Agency)
class AgencyAdmin(PublishingAdmin, ModelAdmin):
    list_display = ["name", "short_name", "name_en", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "short_name", "name_en", "aliases__alias"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["parent"]
    inlines = [AgencyAliasInline, AgencyMembershipInline]


@admin.register(AgencyAlias)
class AgencyAliasAdmin(PublishingAdmin, ModelAdmin):
    list_display = ["alias", "agency"]
    search_fields = ["alias", "agency__name"]
    autocomplete_fields = ["agency"]
