"""The admin's answers to malformed input: 404 or ignored, never a server error.

Django's add form takes initial values from the query string (``?agency=5``) and
django-simple-history's pages take ids from the URL; a value that is not an id of the right
type would otherwise reach the database and give 500.
"""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404
from django.utils.translation import get_language
from simple_history.admin import SimpleHistoryAdmin

from .text import az_capfirst


def is_id(value) -> bool:
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= 18


class CleanInitialDataMixin:
    """Initial values from the query string that the model field would refuse are dropped."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            target = field.target_field if field.is_relation else field
            try:
                for item in value if isinstance(value, list) else [value]:
                    target.get_prep_value(target.to_python(item))
            except (ValidationError, ValueError, TypeError, OverflowError):
                del initial[name]
        return initial


class AzerbaijaniLabelsMixin:
    """Form labels capitalised the Azerbaijani way: Django's capfirst writes "Icraçılar"."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and (get_language() or "").startswith("az"):
            if getattr(db_field, "verbose_name", None) and "label" not in kwargs:
                formfield.label = az_capfirst(str(db_field.verbose_name))
        return formfield


class ModelAdmin(AzerbaijaniLabelsMixin, CleanInitialDataMixin, admin.ModelAdmin):
    pass


class TabularInline(AzerbaijaniLabelsMixin, admin.TabularInline):
    pass


class StackedInline(AzerbaijaniLabelsMixin, admin.StackedInline):
    pass


class HistoryAdmin(AzerbaijaniLabelsMixin, CleanInitialDataMixin, SimpleHistoryAdmin):
    """Simple-history's admin, answering 404 to history URLs whose ids are not numbers."""

    def history_view(self, request, object_id, extra_context=None):
        if not is_id(object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not (is_id(object_id) and is_id(version_id)):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)
