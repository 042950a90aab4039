"""The secretariat edits plans here. A plan in force (not a draft) changes only as an
amendment: its change forms ask for the legal basis and the reason, and every save goes
through ``plans.services.amend``, which records what changed."""

import copy

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from nap_portal.admin_input import ModelAdmin, StackedInline, TabularInline
from nap_portal.text import shorten
from operations.publication import PublishingAdmin

from . import services
from .amendments import LegalBasis, is_amendment
from .models import (
    Amendment,
    Assignment,
    Indicator,
    IndicatorTarget,
    Measure,
    Plan,
    Priority,
    SubItem,
    SubItemAssignment,
)

BASIS_FIELDS = ["amendment_basis", "amendment_basis_date", "amendment_reason"]
BASIS_ERRORS = {
    "number": "amendment_basis",
    "date": "amendment_basis_date",
    "reason": "amendment_reason",
}


class AmendmentForm(forms.ModelForm):
    """A plan object's change form with the legal basis of the change, required when the plan
    is in force and something changed (here or in an inline)."""

    amendment_basis = forms.CharField(
        label=_("Legal basis (number of the decree or order)"), max_length=300, required=False
    )
    amendment_basis_date = forms.DateField(
        label=_("Date of the legal basis"), required=False, widget=AdminDateWidget
    )
    amendment_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # Set by AmendingAdmin.get_form for the request.
    amending_admin = None
    request = None

    def clean(self):
        cleaned = super().clean()
        plan = self.amending_admin.plan_for_form(self)
        if plan is None or not is_amendment(plan):
            return cleaned
        formsets = getattr(self.request, "_amendment_formsets", [])
        changed = [name for name in self.changed_data if name not in BASIS_FIELDS]
        if not changed and not any(formset.has_changed() for formset in formsets):
            return cleaned
        for key, message in services.basis_missing(self.legal_basis()).items():
            if BASIS_ERRORS[key] not in self.errors:
                self.add_error(BASIS_ERRORS[key], message)
        return cleaned

    def legal_basis(self) -> LegalBasis:
        data = getattr(self, "cleaned_data", {})
        return LegalBasis(
            number=data.get("amendment_basis") or "",
            date=data.get("amendment_basis_date"),
            reason=data.get("amendment_reason") or "",
        )


class SubItemForm(AmendmentForm):
    def clean(self):
        cleaned = super().clean()
        parent, measure = cleaned.get("parent"), cleaned.get("measure")
        if parent is not None and measure is not None and parent.measure_id != measure.pk:
            self.add_error("parent", _("The parent sub-item belongs to another measure."))
        if parent is not None and self.instance.pk and parent.pk == self.instance.pk:
            self.add_error("parent", _("A sub-item cannot be its own parent."))
        return cleaned


class IndicatorForm(AmendmentForm):
    def clean(self):
        cleaned = super().clean()
        sub_item, measure = cleaned.get("sub_item"), cleaned.get("measure")
        if sub_item is not None and measure is not None and sub_item.measure_id != measure.pk:
            self.add_error("sub_item", _("This sub-item belongs to another measure."))
        return cleaned


class AmendingAdmin(PublishingAdmin, ModelAdmin):
    """An admin of plan content: saves through ``services.amend``; a plan in force keeps its
    objects (no deletion: a measure dropped by decree is amended, its reports stay)."""

    form = AmendmentForm

    def amended(self, obj):
        """The plan object whose picture the register compares (a measure for its executor)."""
        return obj

    def plan_for_form(self, form) -> Plan | None:
        probe = copy.copy(form.instance)
        if isinstance(probe, Plan) and not probe.pk:
            return None  # a new plan is adopted, not amended
        if probe.pk:
            probe = type(probe).objects.get(pk=probe.pk)
        else:
            for name in ("plan", "measure", "sub_item"):
                if form.cleaned_data.get(name) is not None:
                    setattr(probe, name, form.cleaned_data[name])
        try:
            return services.plan_of(self.amended(probe))
        except (ObjectDoesNotExist, AttributeError):
            return None

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.amending_admin = self
        form.request = request
        return form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        rest = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in BASIS_FIELDS]})
            for name, options in fieldsets
        ]
        plan = self._stored_plan(obj)
        if (plan is not None and not is_amendment(plan)) or (obj is None and self.model is Plan):
            return rest  # a draft changes freely; a new plan is adopted, not amended
        basis = (
            _("Amendment"),
            {
                "fields": BASIS_FIELDS,
                "description": (
                    _(
                        "This plan is in force: a change is recorded as an amendment and "
                        "shown in its public register. Give the decree or order and the reason."
                    )
                    if plan is not None
                    else _(
                        "If the plan is in force, a change is recorded as an amendment and "
                        "shown in its public register: give the decree or order and the reason."
                    )
                ),
            },
        )
        return [basis, *rest]

    def _stored_plan(self, obj) -> Plan | None:
        if obj is None:
            return None
        try:
            return services.plan_of(self.amended(obj))
        except (ObjectDoesNotExist, AttributeError):
            return None

    def _create_formsets(self, request, obj, change):
        # The form's clean() needs the inlines to tell whether anything changed at all.
        formsets, inlines = super()._create_formsets(request, obj, change)
        request._amendment_formsets = formsets
        return formsets, inlines

    def save_model(self, request, obj, form, change):
        """Saved in ``save_related``, inside the amendment service, with the inlines."""

    def save_related(self, request, form, formsets, change):
        obj = form.instance

        def apply():
            super(AmendingAdmin, self).save_model(request, obj, form, change)
            super(AmendingAdmin, self).save_related(request, form, formsets, change)
            return self.amended(obj)

        if isinstance(obj, Plan) and not change:
            apply()  # a new plan is adopted, not amended
            return
        stored = type(obj).objects.get(pk=obj.pk) if change else None
        before = self.amended(stored) if stored is not None else self._new_target(obj)
        plan = services.plan_of(before if before is not None else self.amended(obj))
        # The form checked the legal basis; the service checks it again inside its transaction.
        services.amend(
            plan=Plan.objects.get(pk=plan.pk),
            before=before,
            user=request.user,
            basis=form.legal_basis(),
            apply=apply,
        )

    def _new_target(self, obj):
        """For an added executor or indicator: its measure or sub-item as stored."""
        target = self.amended(obj)
        return None if target is obj else type(target).objects.get(pk=target.pk)

    def has_delete_permission(self, request, obj=None):
        plan = self._stored_plan(obj)
        if plan is not None and is_amendment(plan):
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        # Bulk deletion would bypass the per-object rule above.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class PriorityInline(TabularInline):
    model = Priority
    extra = 0
    fields = ["number", "code", "title", "title_en", "title_ru"]


@admin.register(Plan)
class PlanAdmin(AmendingAdmin):
    list_display = ["title", "slug", "start_year", "end_year", "status"]
    list_filter = ["status"]
    search_fields = ["title", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [PriorityInline]


@admin.register(Priority)
class PriorityAdmin(AmendingAdmin):
    list_display = ["number", "title", "plan"]
    list_filter = ["plan"]
    search_fields = ["title", "code"]
    list_select_related = ["plan"]


class AssignmentInline(TabularInline):
    model = Assignment
    extra = 1
    fields = ["role", "agency", "category", "position"]
    autocomplete_fields = ["agency"]


class MeasureIndicatorInline(StackedInline):
    """The measure's own indicators (a sub-item's are on the sub-item's page)."""

    model = Indicator
    extra = 0
    fields = ["position", "text", "text_en", "text_ru", "unit", "baseline", "baseline_year"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).filter(sub_item__isnull=True)


class SubItemLinkInline(TabularInline):
    model = SubItem
    extra = 0
    fields = ["number", "title", "period_text"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("sub-items (edited on their own pages)")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Measure)
class MeasureAdmin(AmendingAdmin):
    list_display = ["number", "short_title", "plan__slug", "priority__number", "period_text"]
    list_filter = [
        "plan",
        ("priority", admin.RelatedOnlyFieldListFilter),
        "assignments__role",
        "assignments__category",
    ]
    search_fields = ["number", "code", "title", "indicator", "executors_text"]
    list_select_related = ["plan", "priority"]
    ordering = ["plan", "sort_key"]
    # Reports are not edited here: they change through the workflow's services only
    # (reports.services), which bump the version, record the reason and reindex search.
    inlines = [AssignmentInline, MeasureIndicatorInline, SubItemLinkInline]

    @admin.display(description=_("title"))
    def short_title(self, measure: Measure) -> str:
        return shorten(measure.title, 100)


@admin.register(Assignment)
class AssignmentAdmin(AmendingAdmin):
    list_display = ["measure", "role", "agency", "category"]
    list_filter = ["role", "measure__plan", "category", "agency__category"]
    search_fields = ["measure__number", "agency__name", "category__name"]
    list_select_related = ["measure", "agency", "category"]
    autocomplete_fields = ["agency", "measure"]

    def amended(self, obj):
        return obj.measure


class SubItemAssignmentInline(TabularInline):
    model = SubItemAssignment
    extra = 1
    fields = ["role", "agency", "category", "position"]
    autocomplete_fields = ["agency"]


class SubItemIndicatorInline(StackedInline):
    model = Indicator
    fk_name = "sub_item"
    extra = 0
    fields = ["position", "text", "text_en", "text_ru", "unit", "baseline", "baseline_year"]
    show_change_link = True


@admin.register(SubItem)
class SubItemAdmin(AmendingAdmin):
    list_display = ["number", "short_title", "measure", "period_text", "deadline_kind"]
    list_filter = ["measure__plan", "deadline_kind"]
    search_fields = ["number", "code", "title", "measure__number", "executors_text"]
    list_select_related = ["measure", "measure__plan"]
    autocomplete_fields = ["measure", "parent"]
    form = SubItemForm
    ordering = ["measure__plan", "measure__sort_key", "sort_key"]
    inlines = [SubItemAssignmentInline, SubItemIndicatorInline]

    @admin.display(description=_("title"))
    def short_title(self, sub_item: SubItem) -> str:
        return sub_item.title[:100]

    def save_formset(self, request, form, formset, change):
        # A sub-item's indicator belongs to the sub-item's measure too.
        for inline_form in formset.forms:
            if isinstance(inline_form.instance, Indicator):
                inline_form.instance.measure_id = form.instance.measure_id
        super().save_formset(request, form, formset, change)


class IndicatorTargetInline(TabularInline):
    model = IndicatorTarget
    extra = 1
    fields = ["year", "value"]
    # IndicatorTarget's default ordering (through Indicator's) loops in Django's ORM.
    ordering = ["year"]


@admin.register(Indicator)
class IndicatorAdmin(AmendingAdmin):
    list_display = ["short_text", "measure", "sub_item", "unit", "baseline", "baseline_year"]
    list_filter = ["measure__plan"]
    search_fields = ["text", "text_en", "measure__number", "sub_item__number"]
    list_select_related = ["measure", "sub_item"]
    autocomplete_fields = ["measure", "sub_item"]
    form = IndicatorForm
    inlines = [IndicatorTargetInline]

    @admin.display(description=_("indicator as written"))
    def short_text(self, indicator: Indicator) -> str:
        return indicator.text[:100]

    def amended(self, obj):
        return obj.sub_item if obj.sub_item_id else obj.measure


@admin.register(Amendment)
class AmendmentAdmin(ModelAdmin):
    """Read-only: amendments are written by the amendment service when a plan changes."""

    list_display = ["changed_at", "plan", "measure", "sub_item", "legal_basis", "changed_by"]
    list_filter = ["plan"]
    search_fields = ["legal_basis", "reason", "measure__number", "sub_item__number"]
    list_select_related = ["plan", "measure", "sub_item", "changed_by"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
