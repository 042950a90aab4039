"""Page numbers for the small lists, a cursor for the reports (stable while reports are added).

A page size outside its bounds is refused with 400 rather than silently replaced, so a client
never mistakes a default-sized page for the size it asked for.
"""

from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


def requested_page_size(paginator, request) -> int:
    raw = request.query_params.get(paginator.page_size_query_param)
    if raw is None:
        return paginator.page_size
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if not 1 <= size <= paginator.max_page_size:
        raise ValidationError(
            {
                paginator.page_size_query_param: [
                    _("Give a whole number from 1 to %(max)s.") % {"max": paginator.max_page_size}
                ]
            }
        )
    return size


def bounded(parameters: list[dict], paginator) -> list[dict]:
    for parameter in parameters:
        if parameter["name"] == paginator.page_size_query_param:
            parameter["schema"].update(minimum=1, maximum=paginator.max_page_size)
            parameter["description"] = (
                f"Number of results per page, 1 to {paginator.max_page_size} "
                f"(default {paginator.page_size})."
            )
        if parameter["name"] == getattr(paginator, "page_query_param", None):
            parameter["schema"].update(minimum=1)
    return parameters


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request) -> int:
        return requested_page_size(self, request)

    def get_page_number(self, request, paginator):
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            return 1
        if raw in self.last_page_strings:
            return raw
        if not raw.isascii() or not raw.isdigit() or int(raw) < 1:
            raise ValidationError({self.page_query_param: [_("Give a whole number from 1.")]})
        return int(raw)

    def get_schema_operation_parameters(self, view):
        return bounded(super().get_schema_operation_parameters(view), self)


class ReportCursorPagination(pagination.CursorPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
    ordering = "id"

    def get_page_size(self, request) -> int:
        return requested_page_size(self, request)

    def get_schema_operation_parameters(self, view):
        return bounded(super().get_schema_operation_parameters(view), self)
