"""Request middleware of the portal."""

from django.conf import settings
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
