from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public read side: pages, feeds, downloads and the open-data API."""

    name = "public"
    verbose_name = "Public read side"

    def ready(self) -> None:
        # lazy: models are loaded only now; the write side's services ask through
        # reports.documents for stored documents to be rebuilt, and this side builds them.
        from reports.documents import register_rebuilder

        from .documents import queue_period_rebuild  # lazy: imports models (ready() only)

        register_rebuilder(queue_period_rebuild)
