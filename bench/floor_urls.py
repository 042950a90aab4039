"""The bench's URL configuration: the portal's own URLs plus the framework floor.

The floor answers with a page's HTML captured earlier, from a trivial view, through the same
middleware stack (under /api/ for API answers, so CORS and language negotiation match): what
the page would cost if building it were free. Only ``python -m bench`` uses this module.
"""

from django.http import HttpResponse
from django.urls import path

from nap_portal.urls import urlpatterns as portal

# key -> (body, content type), filled by bench/__main__.py
PAGES: dict[int, tuple[bytes, str]] = {}


def floor(request, key: int) -> HttpResponse:
    body, content_type = PAGES[key]
    return HttpResponse(body, content_type=content_type)


urlpatterns = [
    path("api/bench-floor/<int:key>/", floor),
    path("bench-floor/<int:key>/", floor),
    *portal,
]
