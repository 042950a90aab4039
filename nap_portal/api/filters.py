"""Filter types the API's FilterSets share: strict, so what the schema forbids gets 400."""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

MAX_ID = 2**63 - 1  # the largest id a BigAutoField holds; larger overflows SQLite


class BoundedIntegerField(forms.IntegerField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 0, "maximum": MAX_ID})
class IntegerFilter(django_filters.NumberFilter):
    """A whole number from 0 ("year=2022", an id); "2022.5" or "-1" is refused."""

    field_class = BoundedIntegerField


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
