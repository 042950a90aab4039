"""The base of every read-only open-data endpoint: JSON or CSV, revalidation, throttling."""

from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _
from django_filters import CharFilter
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination

from .conditional import conditional_get


class StrictQueryMixin:
    """Refuses query parameters the endpoint does not know, and formats it cannot render."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # A misspelt filter ("?agnecy=") would otherwise return everything, silently.
        if self.action is None:
            return  # a method the endpoint does not allow: 405 follows
        unknown = sorted(set(request.query_params) - self.known_query_parameters())
        if unknown:
            raise ValidationError({name: [_("Unknown query parameter.")] for name in unknown})
        filters = getattr(self, "filterset_class", None)
        for name, value in request.query_params.items():
            kind = filters.base_filters.get(name) if filters and self.action == "list" else None
            # django-filter reads an empty value as "no filter"; for a number or a choice the
            # schema does not allow one, so it is refused rather than silently ignored.
            if value == "" and kind is not None and not isinstance(kind, CharFilter):
                raise ValidationError({name: [_("Give a value or leave the parameter out.")]})
        formats = {renderer.format for renderer in self.get_renderers()}
        if request.query_params.get("format", "json") not in formats:
            raise ValidationError(
                {
                    "format": [
                        _("Use one of: %(formats)s.") % {"formats": ", ".join(sorted(formats))}
                    ]
                }
            )

    def known_query_parameters(self) -> set[str]:
        known = {"format"}
        if self.action != "list":
            return known
        if getattr(self, "filterset_class", None) is not None:
            known |= set(self.filterset_class.base_filters)
        if getattr(self, "ordering_fields", None):
            known.add("ordering")
        paginator = self.paginator
        for attribute in ("page_query_param", "page_size_query_param", "cursor_query_param"):
            if getattr(paginator, attribute, None):
                known.add(getattr(paginator, attribute))
        return known


class OpenDataViewSet(StrictQueryMixin, viewsets.ReadOnlyModelViewSet):
    """Read-only, open to anyone; ``?format=csv`` returns a list as CSV.

    CSV of a page-numbered list holds every matching row (those lists are small); CSV of the
    reports follows the cursor like JSON does, with the next page in the ``Link`` header. Each
    plan's dump holds everything at once.
    """

    lookup_value_regex = r"[^/\x00]+"

    def paginate_queryset(self, queryset):
        if self._wants_csv() and not self._asks_for_a_page():
            return None
        return super().paginate_queryset(queryset)

    def _asks_for_a_page(self) -> bool:
        if isinstance(self.paginator, CursorPagination):
            return True
        params = self.request.query_params
        return "page" in params or "page_size" in params

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
