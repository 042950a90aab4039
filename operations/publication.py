"""The publication counter: one number that changes whenever something the public can see
changes. The public pages, feeds and open-data answers are cached under it
(public/page_cache.py), so a publication makes every cached answer old at once.

Who bumps (docs/architecture.md, "The public cache and the publication counter"): every
service that changes public data (publish, publish a year, correct, submit and return — the
public reporting figures count handed-in reports —, open or close a period, extend a
deadline, sign, and civil society's publish/hide), the search reindex, plan amendments, the
plan and seed importers, restores, and the admin's saves of plans, measures and agencies
(``PublishingAdmin``).

The number lives in one database row (``PublicationCounter``), so every process of a
deployment — web workers and the task worker — reads the same value whatever the cache is.
Where the cache is shared across processes and cheaper than the database (Redis, memcached),
a copy is kept in it for a few seconds; a local-memory cache is per process and the database
cache is the database, so with those the row is read directly.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import PublicationCounter

CACHE_KEY = "publication:version"
# A copy in a shared cache is trusted this long: two bumps that write their copies in the
# opposite order of their commits leave a low copy at most this long.
COPY_SECONDS = 5
_NOT_SHARED = ("LocMemCache", "DummyCache", "DatabaseCache")


def _copy_in_cache() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    return not backend.endswith(_NOT_SHARED)


def version_in_database() -> int:
    return PublicationCounter.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def version() -> int:
    """The current publication number: it changes after every committed public change."""
    if _copy_in_cache():
        value = cache.get(CACHE_KEY)
        if value is not None:
            return value
    value = version_in_database()
    if _copy_in_cache():
        cache.add(CACHE_KEY, value, COPY_SECONDS)
    return value


def bump(reason: str) -> None:
    """Count a change the public can see, once the current transaction commits (at once
    outside one): a reader never gets a new number before the data it stands for."""
    transaction.on_commit(lambda: _bump_now(reason))


def _bump_now(reason: str) -> None:
    now = timezone.now()
    changes = {"value": F("value") + 1, "changed_at": now, "reason": reason[:200]}
    with transaction.atomic():
        if not PublicationCounter.objects.filter(pk=1).update(**changes):
            # The row is made by the migration; a flushed test database has none.
            PublicationCounter.objects.get_or_create(pk=1)
            PublicationCounter.objects.filter(pk=1).update(**changes)
    if _copy_in_cache():
        cache.set(CACHE_KEY, version_in_database(), COPY_SECONDS)


def restart_after(previous: int) -> None:
    """After the database was replaced by a backup: a number above both the restored one and
    ``previous`` (the one before), so no answer cached from either is ever served again."""
    value = max(previous, version_in_database()) + 1
    PublicationCounter.objects.update_or_create(
        pk=1, defaults={"value": value, "changed_at": timezone.now(), "reason": "restored"}
    )
    if _copy_in_cache():
        cache.set(CACHE_KEY, value, COPY_SECONDS)


class PublishingAdmin:
    """An admin mixin for content the public sees (plans, measures, agencies): every save or
    delete, with its inlines, counts as a publication."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        bump(f"admin: {obj._meta.verbose_name} saved")

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        bump(f"admin: {form.instance._meta.verbose_name} saved")

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        bump(f"admin: {obj._meta.verbose_name} deleted")

    def delete_queryset(self, request, queryset) -> None:
        super().delete_queryset(request, queryset)
        bump(f"admin: {queryset.model._meta.verbose_name_plural} deleted")
