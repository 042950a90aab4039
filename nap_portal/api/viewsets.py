"""The base of every read-only open-data endpoint: JSON or CSV, revalidation, throttling."""

from django.utils.encoding import iri_to_uri
from rest_framework import viewsets
from rest_framework.pagination import CursorPagination

from .conditional import conditional_get


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only, open to anyone; ``?format=csv`` returns a list as CSV.

    CSV of a page-numbered list holds every matching row (those lists are small); CSV of the
    reports follows the cursor like JSON does, with the next page in the ``Link`` header. Each
    plan's dump holds everything at once.
    """

    lookup_value_regex = "[^/]+"

    def paginate_queryset(self, queryset):
        if self._wants_csv() and not isinstance(self.paginator, CursorPagination):
            return None
        return super().paginate_queryset(queryset)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self._wants_csv() and response.data.get("next"):
            response["Link"] = f'<{iri_to_uri(response.data["next"])}>; rel="next"'
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._wants_csv() and response.status_code == 200:
            name = self.basename + ("" if self.detail else "-list")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        return conditional_get(request, response)

    def _wants_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format == "csv"
