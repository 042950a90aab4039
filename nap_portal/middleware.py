"""Request middleware of the portal."""

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class AzerbaijaniFirstLocaleMiddleware(LocaleMiddleware):
    """Pages in Azerbaijani unless the visitor chose English with the switch.

    The choice is the language cookie that ``set_language`` writes. The browser's
    Accept-Language is not consulted for pages and downloads: many browsers in Azerbaijan are
    set to English or Russian, and the portal's public is served in Azerbaijani first. The
    API (``/api/``) keeps standard content negotiation for programs that ask for English.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if not request.path.startswith("/api/"):
            patch_vary_headers(response, ("Cookie",))
        return response


class RequestBoundsMiddleware:
    """Refuse hostile input at the door, before a view, session or token lookup sees it.

    NUL bytes anywhere in the path, the query or a header (PostgreSQL rejects them in
    strings), a parameter value longer than REQUEST_MAX_PARAMETER_LENGTH, a header longer than
    REQUEST_MAX_HEADER_LENGTH or a query string longer than REQUEST_MAX_QUERY_STRING get 400
    (JSON under /api/, like the API's other refusals). No real page or API call comes near.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self._problem(request)
        if problem is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": problem}, status=400)
        raise BadRequest(problem)

    @staticmethod
    def _problem(request) -> str | None:
        if len(request.META.get("QUERY_STRING", "")) > settings.REQUEST_MAX_QUERY_STRING:
            return "The query string is too long."
        if "\x00" in request.path:
            return "The path contains a NUL byte."
        for name, value in request.META.items():
            if name.startswith("HTTP_") and isinstance(value, str):
                if "\x00" in value or len(value) > settings.REQUEST_MAX_HEADER_LENGTH:
                    return f"The {name[5:].replace('_', '-').title()} header is not acceptable."
        limit = settings.REQUEST_MAX_PARAMETER_LENGTH
        for key, values in request.GET.lists():
            for item in [key, *values]:
                if "\x00" in item:
                    return "A query parameter contains a NUL byte."
                if len(item) > limit:
                    return f"A query parameter is longer than {limit} characters."
        return None
