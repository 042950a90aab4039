"""Filter types the API's FilterSets share: strict, so what the schema forbids gets 400."""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field


@extend_schema_field(OpenApiTypes.INT)
class IntegerFilter(django_filters.NumberFilter):
    """A whole number ("year=2022"); "2022.5" is refused."""

    field_class = forms.IntegerField


class TextField(forms.CharField):
    def to_python(self, value):
        # NUL can never match stored text, and PostgreSQL refuses it in a query.
        return super().to_python(value).replace("\x00", "")


class TextFilter(django_filters.CharFilter):
    """Free text; NUL characters are dropped."""

    field_class = TextField


@extend_schema_field({"type": "string", "enum": ["true", "false"]})
class BooleanFilter(django_filters.TypedChoiceFilter):
    """ "true" or "false"; anything else is refused."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        super().__init__(*args, **kwargs)
