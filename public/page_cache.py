"""Anonymous answers of the public pages, feeds and open-data API, from the shared cache.

An answer is kept under a key made of the publication number (operations.publication: it
changes whenever public data changes, so nothing stale is ever served), today's date in the
portal's time zone (a report due yesterday is "missing" today), the language, the scheme and
host (feeds and the API write absolute links), the path and the query string with its
parameters sorted, and for the API the format it answers in.

Only anonymous requests without a session or queued messages are served from it or fill
it: signed-in people (staff) always get the live page, which may show their name and holds a
CSRF token. A response that sets a cookie, asked for a CSRF token, or is not a plain 200 is
never stored. Each cached page carries an ETag (a hash of its body) and a Last-Modified (when
it was built), and answers a conditional GET with 304.

Responses carry no per-request secrets for anonymous visitors: the CSP has no nonces (no
inline script or style anywhere) and the language switch posts without a CSRF token.
"""

import hashlib
import time
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from operations import publication

# Entries are keyed by the publication number and the day: they are never stale, only unused.
TIMEOUT = 60 * 60 * 24
STATUS_HEADER = "X-Public-Cache"
# The response headers that belong to the answer itself; the middleware adds the others
# (CSP, Vary, security headers) to every response, cached or not.
KEPT_HEADERS = {"content-type", "content-disposition", "link", "allow", "vary", "content-language"}


@dataclass(frozen=True)
class Entry:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str
    built_at: int

    @classmethod
    def of(cls, response: HttpResponse) -> "Entry":
        headers = tuple((k, v) for k, v in response.items() if k.lower() in KEPT_HEADERS)
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        return cls(response.content, headers, etag, int(time.time()))

    def response(self, *, hit: bool) -> HttpResponse:
        response = HttpResponse(self.content)
        for name, value in self.headers:
            response[name] = value
        response[STATUS_HEADER] = "hit" if hit else "miss"
        return response


def applies(request) -> bool:
    """May this request be answered from the cache (and fill it)?"""
    if not getattr(settings, "PUBLIC_PAGE_CACHE", True) or request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.user.is_authenticated


def key(request, *extra: str) -> str:
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    parts = [
        str(publication.version()),
        timezone.localdate().isoformat(),
        get_language() or "",
        request.scheme,
        request.get_host(),
        request.path,
        query,
        *extra,
    ]
    return "public-page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def storable(request, response) -> bool:
    """A plain 200 that holds nothing of this visitor's: no cookie set, no CSRF token asked."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    return "no-store" not in response.get("Cache-Control", "")


def conditional(request: HttpRequest, entry: Entry, response: HttpResponse) -> HttpResponse:
    response["ETag"] = entry.etag
    response["Last-Modified"] = http_date(entry.built_at)
    return get_conditional_response(
        request, etag=entry.etag, last_modified=entry.built_at, response=response
    )


def cached_page(view):
    """Serve ``view``'s anonymous answers from the cache (pages and feeds)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not applies(request):
            return view(request, *args, **kwargs)
        page_key = key(request)
        entry = cache.get(page_key)
        if entry is not None:
            return conditional(request, entry, entry.response(hit=True))
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if not storable(request, response):
            return response
        entry = Entry.of(response)
        cache.set(page_key, entry, TIMEOUT)
        return conditional(request, entry, entry.response(hit=False))

    return wrapper


class CachedAnswers:
    """For the open-data viewsets: anonymous answers from the cache. Authentication,
    throttling and the check of the query run first, as for any request; only the action is
    replaced by the cached answer. The API's own ETag and Last-Modified follow."""

    _cache_key: str | None = None
    _cache_hit = False

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self._cache_key, self._cache_hit = None, False
        if not applies(request):
            return
        self._cache_key = key(request, request.accepted_media_type)
        entry = cache.get(self._cache_key)
        if entry is not None:
            self._cache_hit = True
            answer = entry.response(hit=True)
            # dispatch() looks the handler up after initial(): this request's is the answer.
            setattr(self, request.method.lower(), lambda *args, **kwargs: answer)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._cache_key and not self._cache_hit:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if storable(request, response):
                cache.set(self._cache_key, Entry.of(response), TIMEOUT)
                response[STATUS_HEADER] = "miss"
        return response
