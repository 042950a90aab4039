"""ETag and Last-Modified on the API's GET responses, so clients can revalidate cheaply.

The ETag is a hash of the rendered body. Last-Modified is the time this URL's current body
was first served: it is kept in the shared cache next to the body's hash and moves forward
whenever the body changes, so an ``If-Modified-Since`` never answers 304 to changed data.
If the cache forgets the entry, Last-Modified restarts at now: a spare 200, never a wrong 304.
"""

import hashlib
import time

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

STAMP_TIMEOUT = 60 * 60 * 24 * 30


def _stamp_key(request: HttpRequest, response: HttpResponse) -> str:
    varying = "\n".join(
        [
            request.get_full_path(),
            response.get("Content-Type", ""),
            getattr(request, "LANGUAGE_CODE", ""),
        ]
    )
    return "api-last-modified:" + hashlib.sha256(varying.encode()).hexdigest()


def conditional_get(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """``response`` with ETag and Last-Modified set, or a 304 if the client's copy is current."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.streaming:
        return response
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    key = _stamp_key(request, response)
    stamp = cache.get(key)
    if not stamp or stamp[0] != etag:
        stamp = (etag, int(time.time()))
        cache.set(key, stamp, STAMP_TIMEOUT)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stamp[1])
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    for header in ("Accept", "Accept-Language", "Authorization"):
        if header not in vary:
            vary.append(header)
    response["Vary"] = ", ".join(vary)
    return get_conditional_response(request, etag=etag, last_modified=stamp[1], response=response)
