"""The generated OpenAPI schema, completed with the error answers every endpoint can give."""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in the reader's language.")

    class Meta:
        ref_name = "FieldErrors"


FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": "Field name → list of messages; errors not tied to one field come under "
    "non_field_errors, errors of the whole request under detail.",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}


class AutoSchema(BaseAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {
            "400": FIELD_ERRORS_SCHEMA,
            "404": ErrorSerializer,
            "429": ErrorSerializer,
        }
        guarded = any(p is not AllowAny for p in self.view.permission_classes)
        if guarded or self.method not in ("GET", "HEAD"):
            errors.update({"401": ErrorSerializer, "403": ErrorSerializer})
        for code, body in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(body, code, direction=direction)
        return responses

    def get_operation(self, *args, **kwargs):
        """Query strings are bounded (nap_portal.middleware.RequestBoundsMiddleware): say so."""
        operation = super().get_operation(*args, **kwargs)
        for parameter in (operation or {}).get("parameters", []):
            schema = parameter.get("schema", {})
            if parameter.get("in") == "query" and schema.get("type") == "string":
                schema.setdefault("maxLength", settings.REQUEST_MAX_PARAMETER_LENGTH)
                schema.setdefault("pattern", "^[^\\x00]*$")
        return operation
