"""The base of the public open-data endpoints: anonymous answers from the publication-keyed
cache (public/page_cache.py), then the API's own revalidation."""

from nap_portal.api.viewsets import OpenDataViewSet

from ..page_cache import CachedAnswers


class PublicViewSet(CachedAnswers, OpenDataViewSet):
    """Read-only, open to anyone, cached for anonymous readers until the next publication."""
